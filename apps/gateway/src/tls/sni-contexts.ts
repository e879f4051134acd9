import type { SecureContext } from 'node:tls';
import type { SnapshotStore } from '../config/snapshot-store.js';

/**
 * Picks the certificate for a TLS handshake by its server name (SNI) from the snapshots
 * being served. The domain → context map is rebuilt only when the store swapped (one
 * pointer compare per handshake otherwise), so certificates change with the snapshot.
 * An exact name wins over a wildcard (`*.example.com` covers one label).
 */
export class SniContexts {
  private builtFor: unknown = null;
  private byDomain = new Map<string, SecureContext>();

  constructor(private readonly store: SnapshotStore) {}

  find(servername: string): SecureContext | undefined {
    if (this.builtFor !== this.store.state) this.rebuild();
    const name = servername.toLowerCase();
    const exact = this.byDomain.get(name);
    if (exact !== undefined) return exact;
    const dot = name.indexOf('.');
    return dot === -1 ? undefined : this.byDomain.get(`*${name.slice(dot)}`);
  }

  /** Node's `SNICallback`. */
  readonly callback = (
    servername: string,
    done: (error: Error | null, context?: SecureContext) => void,
  ): void => {
    const context = this.find(servername);
    if (context === undefined) done(new Error(`no certificate for ${servername}`));
    else done(null, context);
  };

  private rebuild(): void {
    const state = this.store.state;
    const byDomain = new Map<string, SecureContext>();
    for (const compiled of this.store.all()) {
      for (const [domain, context] of compiled.tls.contexts)
        if (!byDomain.has(domain)) byDomain.set(domain, context);
    }
    this.byDomain = byDomain;
    this.builtFor = state;
  }
}
