import type { HealthCheck } from '@tollgate/contracts';
import { guardedLookup } from '@tollgate/upstream-guard';
import { Pool } from 'undici';
import type { BreakerOptions } from '../proxy/circuit-breaker.js';
import { TargetState } from '../proxy/target-state.js';
import type { UpstreamGroup } from '../proxy/upstream-group.js';
import type { CompiledSnapshot } from './compiled-snapshot.js';

export interface UpstreamPoolOptions {
  connectTimeoutMs: number;
  /** Connections per upstream origin. */
  connections: number;
  keepAliveTimeoutMs: number;
}

export const defaultUpstreamPoolOptions: UpstreamPoolOptions = {
  connectTimeoutMs: 5_000,
  connections: 128,
  keepAliveTimeoutMs: 10_000,
};

/**
 * One undici pool per upstream origin (and SSRF trust level), and one health state per
 * target, both shared by every snapshot that uses them, so a config swap keeps warm
 * connections, open breakers and health results. Pools resolve names through the SSRF
 * guard, so a DNS answer pointing at a private or metadata address fails the connection.
 * What no snapshot uses any more is dropped: pools closed gracefully (requests in flight
 * finish), health checks stopped.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, TargetState>();

  constructor(private readonly options: UpstreamPoolOptions = defaultUpstreamPoolOptions) {}

  private static poolKey(origin: string, allowPrivate: boolean): string {
    return `${allowPrivate ? 'private' : 'public'} ${origin}`;
  }

  get(origin: string, allowPrivate = false): Pool {
    const key = UpstreamPools.poolKey(origin, allowPrivate);
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        keepAliveTimeout: this.options.keepAliveTimeoutMs,
        connect: { timeout: this.options.connectTimeoutMs, lookup: guardedLookup({ allowPrivate }) },
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** The shared state of a target; a change of its URL, breaker or checks gives a new one. */
  target(
    owner: string,
    url: URL,
    allowPrivate: boolean,
    breaker: BreakerOptions,
    healthCheck: HealthCheck | null,
  ): TargetState {
    const key = JSON.stringify([owner, url.href, allowPrivate, breaker, healthCheck]);
    let state = this.targets.get(key);
    if (state === undefined) {
      const pathPrefix = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
      state = new TargetState(key, this.get(url.origin, allowPrivate), pathPrefix, breaker, healthCheck);
      this.targets.set(key, state);
      state.startHealthChecks();
    }
    return state;
  }

  /** Keeps the pools and targets of the snapshots served; drops the rest. */
  retainForSnapshots(snapshots: Iterable<CompiledSnapshot>): void {
    const groups: UpstreamGroup[] = [];
    for (const snapshot of snapshots)
      for (const apis of snapshot.apisByFirstSegment.values())
        for (const api of apis) {
          groups.push(api.upstream);
          if (api.sandbox !== null) groups.push(api.sandbox);
        }
    this.retainFor(groups);
  }

  /** Keeps the pools and targets of these groups; drops the rest. */
  retainFor(groups: Iterable<UpstreamGroup>): void {
    const pools = new Set<Pool>();
    const targets = new Set<string>();
    for (const group of groups)
      for (const target of group.targets) {
        pools.add(target.dispatcher as Pool);
        targets.add(target.state.key);
      }
    for (const [key, state] of this.targets) {
      if (targets.has(key)) continue;
      state.stop();
      this.targets.delete(key);
    }
    for (const [key, pool] of this.pools) {
      if (pools.has(pool)) continue;
      this.pools.delete(key);
      void pool.close().catch(() => pool.destroy());
    }
  }

  async closeAll(): Promise<void> {
    for (const state of this.targets.values()) state.stop();
    this.targets.clear();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => closeWithin(pool, closeGraceMs)));
  }
}

/** How long shutdown waits for requests in flight before cutting the upstream connections. */
const closeGraceMs = 5_000;

/** Closes gracefully, then forcefully: a pool that once carried an upgrade may never report closed. */
async function closeWithin(pool: Pool, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = pool.close().then(
    () => true,
    () => false,
  );
  const inTime = await Promise.race([
    graceful,
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (!inTime) await pool.destroy().catch(() => {});
}
