import { Pool } from 'undici';

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
 * One undici pool per upstream origin, shared by every snapshot that sends traffic there,
 * so a config swap keeps warm connections. Pools no snapshot uses any more are closed
 * gracefully (requests in flight finish).
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: UpstreamPoolOptions = defaultUpstreamPoolOptions) {}

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        keepAliveTimeout: this.options.keepAliveTimeoutMs,
        connect: { timeout: this.options.connectTimeoutMs },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes the pools of origins not in `inUse`. */
  retainOnly(inUse: ReadonlySet<string>): void {
    for (const [origin, pool] of this.pools) {
      if (inUse.has(origin)) continue;
      this.pools.delete(origin);
      void pool.close().catch(() => pool.destroy());
    }
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy())));
  }
}
