import type { CompiledSnapshot } from '../config/compiled-snapshot.js';
import type { SnapshotStore } from '../config/snapshot-store.js';

/**
 * Host → tenant for verified custom domains. Rebuilt only when the store swapped in new
 * snapshots (an identity check per lookup), so a request costs one map read. A domain
 * claimed by two tenants serves neither: better a 404 than another tenant's traffic.
 */
export class CustomDomains {
  private builtFor: unknown = null;
  private byHost = new Map<string, CompiledSnapshot>();

  constructor(private readonly store: SnapshotStore) {}

  lookup(host: string): CompiledSnapshot | undefined {
    const state = this.store.state;
    if (state !== this.builtFor) this.rebuild(state.byTenantId.values(), state);
    return this.byHost.get(host);
  }

  private rebuild(snapshots: Iterable<CompiledSnapshot>, state: unknown): void {
    const byHost = new Map<string, CompiledSnapshot>();
    const contested = new Set<string>();
    for (const snapshot of snapshots) {
      for (const domain of snapshot.edge.customDomains) {
        const owner = byHost.get(domain);
        if (owner !== undefined && owner !== snapshot) contested.add(domain);
        else byHost.set(domain, snapshot);
      }
    }
    for (const domain of contested) byHost.delete(domain);
    this.byHost = byHost;
    this.builtFor = state;
  }
}
