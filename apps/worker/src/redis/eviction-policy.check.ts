/** The part of an ioredis client the check needs, so tests can pass a stub. */
export interface InfoClient {
  info(section: string): Promise<string>;
}

export class EvictionPolicyError extends Error {
  readonly policy: string;
  constructor(policy: string) {
    super(
      `Redis maxmemory-policy is "${policy}", but the worker needs "noeviction": with eviction, Redis may ` +
        'silently drop queued usage batches. Set `maxmemory-policy noeviction` on this Redis and restart.',
    );
    this.name = 'EvictionPolicyError';
    this.policy = policy;
  }
}

/** Reads `maxmemory_policy` from INFO (CONFIG GET is often disabled on managed Redis). */
export async function readEvictionPolicy(redis: InfoClient): Promise<string> {
  const info = await redis.info('memory');
  const line = info.split(/\r?\n/).find((l) => l.startsWith('maxmemory_policy:'));
  return line?.slice('maxmemory_policy:'.length).trim() ?? 'unknown';
}

/** Refuses to start on a Redis that may evict keys: the queues are the one thing in Redis that cannot be rebuilt. */
export async function assertNoEviction(redis: InfoClient): Promise<void> {
  const policy = await readEvictionPolicy(redis);
  if (policy !== 'noeviction') throw new EvictionPolicyError(policy);
}
