import { quotaCounterRetentionSeconds, redisKeys } from '@tollgate/contracts';
import type { Redis } from 'ioredis';

/**
 * Raises a quota counter to at least the rollups' count, atomically against the gateways'
 * increments: after a Redis loss the counter is missing (or holds only the calls since) and
 * comes back at the rollups' figure; otherwise the gateway's count is already ahead (it
 * counts before the usage is rolled up) and nothing changes, so running it again is harmless.
 * KEYS: the counter. ARGV: the rollups' count, its expiry (unix seconds). Returns the amount added.
 */
const raiseScript = `
local current = tonumber(redis.call('GET', KEYS[1])) or 0
local wanted = tonumber(ARGV[1])
if wanted <= current then return 0 end
redis.call('SET', KEYS[1], wanted, 'EXAT', ARGV[2])
return wanted - current
`;

/** The gateways' quota counters, as the worker reads and restores them. */
export class QuotaCounters {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(subscriptionId: string, periodStartSeconds: number): string {
    return redisKeys.quota(this.prefix, subscriptionId, periodStartSeconds);
  }

  /** Each counter raised to its rollup count; returns the calls added per subscription (0 = untouched). */
  async raise(
    counters: ReadonlyArray<{ subscriptionId: string; start: number; end: number; calls: number }>,
  ): Promise<number[]> {
    if (counters.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const c of counters) {
      const expireAt = Math.ceil(c.end / 1000) + quotaCounterRetentionSeconds;
      pipeline.eval(raiseScript, 1, this.key(c.subscriptionId, c.start / 1000), c.calls, expireAt);
    }
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, added]) => {
      if (error) throw error;
      return Number(added);
    });
  }

  /** The counters' values; null where the key does not exist (expired, or lost with Redis). */
  async read(
    counters: ReadonlyArray<{ subscriptionId: string; start: number }>,
  ): Promise<Array<number | null>> {
    if (counters.length === 0) return [];
    const values = await this.redis.mget(counters.map((c) => this.key(c.subscriptionId, c.start / 1000)));
    return values.map((value) => (value === null ? null : Number(value)));
  }
}
