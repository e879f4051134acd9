import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { testEnv } from './test-env.js';

export interface TestRedisPrefixOptions {
  /** Default: `TEST_REDIS_URL` or local Redis. */
  redisUrl?: string;
}

export interface TestRedisPrefix {
  /** `tgtest:<random>:`, valid as `REDIS_PREFIX`. */
  prefix: string;
  redisUrl: string;
  /** Deletes every key under the prefix (SCAN + UNLINK) and nothing else; returns how many. */
  cleanup(): Promise<number>;
}

/** A Redis key prefix of this test run's own, on the Redis that every test shares. */
export function createTestRedisPrefix(options: TestRedisPrefixOptions = {}): TestRedisPrefix {
  const redisUrl = options.redisUrl ?? testEnv().TEST_REDIS_URL;
  const prefix = `tgtest:${randomBytes(8).toString('hex')}:`;
  return { prefix, redisUrl, cleanup: () => deleteKeysWithPrefix(redisUrl, prefix) };
}

/** Deletes the keys whose names start with `prefix` (glob characters in it are escaped). */
export async function deleteKeysWithPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('Refusing to delete keys under an empty prefix');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
