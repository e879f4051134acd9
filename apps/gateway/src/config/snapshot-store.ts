import type { CompiledSnapshot } from './compiled-snapshot.js';

interface StoreState {
  readonly byTenantId: ReadonlyMap<string, CompiledSnapshot>;
  readonly bySlug: ReadonlyMap<string, CompiledSnapshot>;
}

/**
 * The snapshots being served, by tenant id and by slug. The two maps live in one immutable
 * state object replaced in a single assignment, so a request that read `state` once never
 * sees half a swap (a tenant found by slug always has the matching by-id entry).
 */
export class SnapshotStore {
  state: StoreState = { byTenantId: new Map(), bySlug: new Map() };

  bySlug(slug: string): CompiledSnapshot | undefined {
    return this.state.bySlug.get(slug);
  }

  byTenantId(tenantId: string): CompiledSnapshot | undefined {
    return this.state.byTenantId.get(tenantId);
  }

  get size(): number {
    return this.state.byTenantId.size;
  }

  all(): CompiledSnapshot[] {
    return [...this.state.byTenantId.values()];
  }

  /**
   * Puts in, in one swap, each snapshot newer than the one served for its tenant (boot,
   * catch-up after a reconnect). Returns how many tenants changed.
   */
  putNewer(snapshots: readonly CompiledSnapshot[]): number {
    const byTenantId = new Map(this.state.byTenantId);
    const bySlug = new Map(this.state.bySlug);
    let changed = 0;
    for (const snapshot of snapshots) {
      const previous = byTenantId.get(snapshot.tenantId);
      if (previous !== undefined && previous.version >= snapshot.version) continue;
      if (previous !== undefined && bySlug.get(previous.slug) === previous) bySlug.delete(previous.slug);
      byTenantId.set(snapshot.tenantId, snapshot);
      bySlug.set(snapshot.slug, snapshot);
      changed++;
    }
    if (changed > 0) this.state = { byTenantId, bySlug };
    return changed;
  }

  /** Puts one tenant's new snapshot in place of its old one (its slug may have changed). */
  swap(snapshot: CompiledSnapshot): void {
    const byTenantId = new Map(this.state.byTenantId);
    const bySlug = new Map(this.state.bySlug);
    const previous = byTenantId.get(snapshot.tenantId);
    if (previous !== undefined && bySlug.get(previous.slug) === previous) bySlug.delete(previous.slug);
    byTenantId.set(snapshot.tenantId, snapshot);
    bySlug.set(snapshot.slug, snapshot);
    this.state = { byTenantId, bySlug };
  }
}
