import type { ServerResponse } from 'node:http';
import type { ConfigSnapshotInput, KeyRecord } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import type { LimitStore } from '../../limits/limit-store.js';
import { cachedKey, compiledFixture, contextFor, fakeDeps } from '../../test-support/fixtures.js';
import { problemBody } from '../respond.js';
import { limit, releaseLimits } from './limit.stage.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

const plan = {
  id: 'pln_basic',
  version: 1,
  name: 'Basic',
  apiIds: ['api_echo', 'api_echo_v2'],
  rateLimit: { limit: 100, windowSeconds: 60, burst: 10 },
  monthlyQuota: 10_000,
};

function snapshot(overrides: Partial<ConfigSnapshotInput> = {}) {
  return compiledFixture({ plans: [plan], ...overrides });
}

interface Call {
  keys: string[];
  args: (string | number)[];
}

function fakeStore(answer: number[] | Error): LimitStore & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    run(keys, args) {
      calls.push({ keys, args });
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

function fakeRes() {
  const headers = new Map<string, string>();
  return {
    headers,
    res: { setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)) },
  };
}

async function run(
  options: {
    url?: string;
    key?: Partial<KeyRecord> | null;
    store?: LimitStore;
    compiled?: ReturnType<typeof snapshot>;
    maxConcurrent?: number;
  } = {},
) {
  const deps = fakeDeps([options.compiled ?? snapshot()]);
  if (options.store) deps.limits.store = options.store;
  if (options.maxConcurrent !== undefined) deps.limits.maxConcurrent = options.maxConcurrent;
  const ctx = contextFor({ url: options.url ?? '/t/acme/echo/x' });
  const { headers, res } = fakeRes();
  (ctx as { res: unknown }).res = res as unknown as ServerResponse;
  receive(ctx, deps);
  resolve(ctx, deps);
  if (options.key !== null) {
    ctx.key = cachedKey({
      quotaPeriod: { start: '2026-01-01T00:00:00.000Z', end: '2099-01-01T00:00:00.000Z' },
      ...options.key,
    });
    ctx.rateLimitSubject = `key:${ctx.key.record.keyId}`;
  }
  ctx.admitted = true;
  const denied = await limit(ctx, deps);
  return { ctx, deps, denied, headers };
}

describe('limit stage', () => {
  it('admits within every limit, in one store call, and answers RateLimit-Policy and RateLimit', async () => {
    const store = fakeStore([0, 9, 600, 0, -1, 0, 1]);
    const { ctx, denied, headers } = await run({ store });
    expect(denied).toBe(false);
    expect(ctx.admitted).toBe(true);
    expect(store.calls).toHaveLength(1);
    const { keys, args } = store.calls[0]!;
    // The caller's bucket and the subscription's quota share one hash tag (one Cluster slot).
    expect(keys).toEqual(['tg:rl:{s:sub_1}:key:key_1', expect.stringMatching(/^tg:quota:\{s:sub_1\}:\d+$/)]);
    expect(args.slice(0, 5)).toEqual([600, 10, 0, 0, 10_000]);
    expect(headers.get('ratelimit-policy')).toMatch(/^"rate";q=100;w=60, "quota";q=10000;w=\d+$/);
    expect(headers.get('ratelimit')).toMatch(/^"rate";r=9;t=1, "quota";r=9999;t=\d+$/);
    expect(headers.has('retry-after')).toBe(false);
  });

  it('denies a rate-limited call with 429 rate_limited, Retry-After and limit/remaining/reset in the body', async () => {
    const { ctx, denied, headers } = await run({ store: fakeStore([1, 0, 6000, 1500, -1, 0, 0]) });
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('rate_limited');
    expect(ctx.denyStage).toBe('limit');
    expect(ctx.admitted).toBe(false);
    expect(headers.get('retry-after')).toBe('2');
    expect(headers.get('ratelimit')).toMatch(/^"rate";r=0;t=6, "quota";r=10000;t=\d+$/);
    const body = JSON.parse(problemBody('rate_limited', 'req_1', ctx.problemExtra));
    expect(body).toMatchObject({
      status: 429,
      code: 'rate_limited',
      policy: 'rate',
      limit: 100,
      remaining: 0,
      reset: 2,
    });
  });

  it('denies an exhausted quota with 429 quota_exceeded and an upgrade link, distinct from rate_limited', async () => {
    const compiled = snapshot({ policies: { upgradeUrl: 'https://acme.example/portal/plans' } });
    const { ctx, headers } = await run({ compiled, store: fakeStore([3, 10, 0, 0, -1, 0, 10_000]) });
    expect(ctx.denyCode).toBe('quota_exceeded');
    const body = JSON.parse(problemBody('quota_exceeded', 'req_1', ctx.problemExtra));
    expect(body).toMatchObject({
      status: 429,
      code: 'quota_exceeded',
      policy: 'quota',
      limit: 10_000,
      remaining: 0,
      upgradeUrl: 'https://acme.example/portal/plans',
    });
    expect(body.reset).toBeGreaterThan(0);
    expect(headers.get('retry-after')).toBe(String(body.reset));
  });

  it('never counts a test key against quota, but rate-limits it', async () => {
    const store = fakeStore([0, 9, 600, 0, -1, 0, -1]);
    const { headers } = await run({ key: { environment: 'test' }, store });
    expect(store.calls[0]!.keys).toEqual(['tg:rl:{s:sub_1}:key:key_1']);
    expect(store.calls[0]!.args[4]).toBe(-1);
    expect(headers.get('ratelimit-policy')).toBe('"rate";q=100;w=60');
  });

  it("uses a route's override in a bucket of its own, and the API-wide limit as a third policy", async () => {
    const compiled = snapshot({
      apis: [
        {
          id: 'api_echo',
          name: 'Echo',
          basePath: '/echo',
          upstream: { url: 'http://127.0.0.1:4010' },
          sandboxUpstream: null,
          routes: [
            {
              id: 'rte_slow',
              method: 'ANY',
              pathTemplate: '/slow',
              policies: { rateLimit: { limit: 5, windowSeconds: 1, burst: 2 } },
            },
            { id: 'rte_all', method: 'ANY', pathTemplate: '/*' },
          ],
          policies: { apiRateLimit: { limit: 1000, windowSeconds: 1, burst: 50 } },
        },
      ],
    });
    const store = fakeStore([2, 1, 200, 20, 0, 20, -1]);
    const { ctx, headers } = await run({ url: '/t/acme/echo/slow', compiled, store });
    expect(store.calls[0]!.keys.slice(0, 2)).toEqual([
      'tg:rl:{s:sub_1}:key:key_1:r:rte_slow',
      'tg:rl:{a:api_echo}',
    ]);
    expect(store.calls[0]!.args.slice(0, 4)).toEqual([200, 2, 1, 50]);
    expect(headers.get('ratelimit-policy')).toMatch(
      /^"rate";q=5;w=1, "quota";q=10000;w=\d+, "api";q=1000;w=1$/,
    );
    expect(ctx.denyCode).toBe('api_rate_limited');
    expect(headers.get('retry-after')).toBe('1');
  });

  it('asks Redis nothing when no limit applies', async () => {
    const store = fakeStore(new Error('must not be called'));
    const compiled = snapshot({ plans: [{ ...plan, rateLimit: null, monthlyQuota: null }] });
    const { denied, ctx, headers } = await run({ compiled, store });
    expect(denied).toBe(false);
    expect(ctx.admitted).toBe(true);
    expect(store.calls).toHaveLength(0);
    expect(headers.has('ratelimit-policy')).toBe(false);
  });

  it('fails open by default when Redis does not answer: admitted, policy header kept, no state', async () => {
    const { denied, ctx, headers, deps } = await run({ store: fakeStore(new Error('Command timed out')) });
    expect(denied).toBe(false);
    expect(ctx.admitted).toBe(true);
    expect(headers.has('ratelimit-policy')).toBe(true);
    expect(headers.has('ratelimit')).toBe(false);
    releaseLimits(ctx, deps);
  });

  it('fails closed with 503 limits_unavailable when a limit that applies says so', async () => {
    const compiled = snapshot({
      apis: [
        {
          id: 'api_echo',
          name: 'Echo',
          basePath: '/echo',
          upstream: { url: 'http://127.0.0.1:4010' },
          sandboxUpstream: null,
          routes: [{ id: 'rte_all', method: 'ANY', pathTemplate: '/*' }],
          policies: { limitFailModes: { quota: 'closed' } },
        },
      ],
    });
    const { ctx, headers } = await run({ compiled, store: fakeStore(new Error('connection refused')) });
    expect(ctx.denyCode).toBe('limits_unavailable');
    expect(ctx.admitted).toBe(false);
    expect(headers.get('retry-after')).toBe('1');
    // A test key has no quota, so the closed quota does not apply to it.
    const test = await run({ compiled, key: { environment: 'test' }, store: fakeStore(new Error('down')) });
    expect(test.denied).toBe(false);
  });

  it("caps one tenant's calls in progress per process with 503 capacity_unavailable, and frees the slot after", async () => {
    const deps = fakeDeps([snapshot()]);
    deps.limits.maxConcurrent = 2;
    const contexts = [];
    for (let i = 0; i < 3; i++) {
      const ctx = contextFor({ url: '/t/acme/echo/x' });
      (ctx as { res: unknown }).res = fakeRes().res;
      receive(ctx, deps);
      resolve(ctx, deps);
      ctx.key = cachedKey();
      contexts.push({ ctx, denied: await limit(ctx, deps) });
    }
    expect(contexts.map((c) => c.denied)).toEqual([false, false, true]);
    expect(contexts[2]!.ctx.denyCode).toBe('capacity_unavailable');
    expect(deps.limits.concurrency.current('tnt_acme')).toBe(2);
    for (const { ctx } of contexts) releaseLimits(ctx, deps);
    expect(deps.limits.concurrency.current('tnt_acme')).toBe(0);
  });
});
