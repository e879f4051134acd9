import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedisPrefix } from './test-redis.js';

let redis: Redis;

beforeAll(async () => {
  redis = new Redis(createTestRedisPrefix().redisUrl);
});

afterAll(() => {
  redis.disconnect();
});

describe('createTestRedisPrefix', () => {
  it('test-redis.prefix.ok: prefixes are unique and valid as REDIS_PREFIX', () => {
    const a = createTestRedisPrefix().prefix;
    const b = createTestRedisPrefix().prefix;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^tgtest:[a-z0-9]+:$/);
    expect(a).toMatch(/^[a-z0-9:_-]+:$/);
  });

  it('test-redis.cleanup.ok: deletes every key under the prefix and nothing else', async () => {
    const mine = createTestRedisPrefix();
    const other = createTestRedisPrefix();
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2500; i++) pipeline.set(`${mine.prefix}k:${i}`, '1');
    pipeline.hset(`${mine.prefix}hash`, 'f', 'v');
    pipeline.set(`${other.prefix}keep`, '1');
    // Shares the first characters of the prefix but not the prefix itself.
    pipeline.set(`${mine.prefix.slice(0, -1)}x`, '1');
    await pipeline.exec();

    expect(await mine.cleanup()).toBe(2501);
    const [, left] = await redis.scan('0', 'MATCH', `${mine.prefix}*`, 'COUNT', 10000);
    expect(left).toEqual([]);
    expect(await redis.get(`${other.prefix}keep`)).toBe('1');
    expect(await redis.get(`${mine.prefix.slice(0, -1)}x`)).toBe('1');

    await redis.del(`${other.prefix}keep`, `${mine.prefix.slice(0, -1)}x`);
  });
});
