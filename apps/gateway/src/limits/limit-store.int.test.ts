import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRedisPrefix, type TestRedisPrefix } from '@tollgate/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/free-port.js';
import { limitOutcome } from './limit-script.js';
import { createLimitRedis, RedisLimitStore } from './limit-store.js';

/** The limit script on real Redis: GCRA, quota, atomicity, NOSCRIPT, and a dead or hung Redis. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('limit script on real Redis', () => {
  let prefix: TestRedisPrefix;
  let redis: Redis;
  let store: RedisLimitStore;
  let n = 0;
  const fresh = (name: string) => `${prefix.prefix}${name}:${++n}`;

  beforeAll(async () => {
    prefix = createTestRedisPrefix();
    redis = createLimitRedis(prefix.redisUrl, 5_000);
    store = new RedisLimitStore(redis);
    await new Promise((resolve) => redis.once('ready', resolve));
    await store.load();
  });

  afterAll(async () => {
    redis?.disconnect();
    await prefix?.cleanup();
  });

  /** rate: T ms and burst; quota: limit. */
  function rate(key: string, emissionMs: number, burst: number) {
    return store.run([key], [emissionMs, burst, 0, 0, -1, 0]);
  }

  it('GCRA admits exactly the burst from idle, then one request per emission interval', async () => {
    const key = fresh('gcra');
    // 10 per second (T = 100 ms), burst 5.
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await rate(key, 100, 5));
    expect(results.map((r) => r[0])).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    // Remaining counts down to 0; the denial says when to come back (at most one interval).
    expect(results.slice(0, 5).map((r) => r[1])).toEqual([4, 3, 2, 1, 0]);
    const retryMs = results[5]![3]!;
    expect(retryMs).toBeGreaterThan(0);
    expect(retryMs).toBeLessThanOrEqual(100);
    await sleep(retryMs + 20);
    expect((await rate(key, 100, 5))[0]).toBe(limitOutcome.admitted);
    expect((await rate(key, 100, 5))[0]).toBe(limitOutcome.rateLimited);
  });

  it('GCRA holds the sustained rate over time: about rate × time + burst, never more', async () => {
    const key = fresh('sustained');
    const started = Date.now();
    let admitted = 0;
    // T = 50 ms, burst 3, hammered for ~600 ms.
    while (Date.now() - started < 600) {
      if ((await rate(key, 50, 3))[0] === 0) admitted++;
      await sleep(2);
    }
    const elapsed = Date.now() - started;
    const ceiling = 3 + Math.ceil(elapsed / 50) + 1;
    console.log(`sustained: ${admitted} admitted in ${elapsed} ms (ceiling ${ceiling})`);
    expect(admitted).toBeLessThanOrEqual(ceiling);
    expect(admitted).toBeGreaterThanOrEqual(3 + Math.floor(elapsed / 50) - 3);
  });

  it('a quota admits exactly its size under 200 concurrent calls, and a denied call counts nothing', async () => {
    const quotaKey = fresh('quota');
    const calls = Array.from({ length: 200 }, () => store.run([quotaKey], [0, 0, 0, 0, 50, 9_999_999_999]));
    const outcomes = (await Promise.all(calls)).map((r) => r[0]);
    expect(outcomes.filter((o) => o === limitOutcome.admitted)).toHaveLength(50);
    expect(outcomes.filter((o) => o === limitOutcome.quotaExceeded)).toHaveLength(150);
    expect(await redis.get(quotaKey)).toBe('50');
    expect(await redis.ttl(quotaKey)).toBeGreaterThan(0);
  });

  it('a rate-limited call never consumes quota, and a quota-denied call never consumes rate', async () => {
    const rateKey = fresh('rl');
    const quotaKey = fresh('q');
    const outcomes = [];
    for (let i = 0; i < 10; i++)
      outcomes.push((await store.run([rateKey, quotaKey], [60_000, 2, 0, 0, 100, 9_999_999_999]))[0]);
    expect(outcomes).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(await redis.get(quotaKey)).toBe('2');

    const rateKey2 = fresh('rl');
    const quotaKey2 = fresh('q');
    const first = await store.run([rateKey2, quotaKey2], [60_000, 5, 0, 0, 1, 9_999_999_999]);
    expect(first[0]).toBe(0);
    expect(first[1]).toBe(4);
    const denied = await store.run([rateKey2, quotaKey2], [60_000, 5, 0, 0, 1, 9_999_999_999]);
    expect(denied[0]).toBe(limitOutcome.quotaExceeded);
    // Still 4 left: the quota denial took nothing from the rate bucket.
    expect(denied[1]).toBe(4);
  });

  it('the API-wide limit is shared by every caller, and a caller denied by it keeps its own allowance', async () => {
    const apiKey = fresh('api');
    const outcomes = [];
    for (let caller = 0; caller < 6; caller++) {
      const r = await store.run([fresh('caller'), apiKey], [60_000, 10, 60_000, 4, -1, 0]);
      outcomes.push(r[0]);
    }
    expect(outcomes).toEqual([0, 0, 0, 0, 2, 2]);
  });
});

describe('limit store when Redis misbehaves', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let hung: Server | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-limits-redis-'));
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    hung?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('falls back to EVAL when the script is not loaded (NOSCRIPT), e.g. after a Redis restart', async () => {
    const port = await freePort();
    // A Redis of this test's own: its script cache may be flushed without touching anyone else.
    server = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: 'ignore',
      },
    );
    const redis = createLimitRedis(`redis://127.0.0.1:${port}`, 2_000);
    redis.on('error', () => {});
    try {
      await new Promise((resolve) => redis.once('ready', resolve));
      const store = new RedisLimitStore(redis);
      // Never loaded: EVALSHA answers NOSCRIPT, EVAL runs (and loads) it.
      expect((await store.run(['a'], [0, 0, 0, 0, 5, 9_999_999_999]))[0]).toBe(0);
      await redis.script('FLUSH');
      expect((await store.run(['a'], [0, 0, 0, 0, 5, 9_999_999_999]))[6]).toBe(2);
    } finally {
      redis.disconnect();
    }
  });

  it('fails fast when Redis is unreachable (closed port), and within its timeout when Redis hangs', async () => {
    const closedPort = await freePort();
    const down = createLimitRedis(`redis://127.0.0.1:${closedPort}`, 100);
    down.on('error', () => {});
    let started = performance.now();
    await expect(new RedisLimitStore(down).run(['a'], [0, 0, 0, 0, 5, 0])).rejects.toThrow();
    const downMs = performance.now() - started;
    down.disconnect();

    // Answers the connection handshake (CLIENT SETNAME, INFO), then never answers again.
    hung = createServer((socket) => {
      socket.on('data', (chunk) => {
        for (const [, name] of chunk.toString('latin1').matchAll(/\*\d+\r\n\$\d+\r\n([a-z]+)/gi)) {
          const command = name!.toLowerCase();
          if (command === 'info') socket.write('$9\r\nloading:0\r\n');
          else if (!command.startsWith('eval')) socket.write('+OK\r\n');
        }
      });
    });
    const hungPort = await freePort();
    await new Promise<void>((resolve) => hung!.listen(hungPort, '127.0.0.1', resolve));
    const slow = createLimitRedis(`redis://127.0.0.1:${hungPort}`, 100);
    slow.on('error', () => {});
    await new Promise((resolve) => slow.once('ready', resolve));
    started = performance.now();
    await expect(new RedisLimitStore(slow).run(['a'], [0, 0, 0, 0, 5, 0])).rejects.toThrow(/timed out/);
    const hungMs = performance.now() - started;
    slow.disconnect();
    console.log(
      `limit check failed after ${downMs.toFixed(1)} ms (Redis down), ${hungMs.toFixed(1)} ms (Redis hung, timeout 100 ms)`,
    );
    expect(downMs).toBeLessThan(1_000);
    expect(hungMs).toBeGreaterThanOrEqual(90);
    expect(hungMs).toBeLessThan(1_000);
  });
});
