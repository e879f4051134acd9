import {
  createTenant,
  createTestDatabase,
  createTestRedisPrefix,
  type EchoUpstream,
  startEchoUpstream,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGatewayEnv } from '../../src/test-support/gateway-env.js';
import { echoSnapshot, type SeededKey, seedKey, seedSnapshot } from '../../src/test-support/seeding.js';
import { UsageQueueReader } from '../../src/test-support/usage-queue.js';
import { type GatewayCluster, startGatewayCluster } from './gateway-cluster.js';

/**
 * The "Done when" for limits, against 4 real gateway processes sharing one
 * database and Redis prefix: a burst limit admits exactly its burst of a 1,000-request
 * flood, run 20 times; a quota admits exactly its size across two keys of one subscription.
 * Every limit here fails closed, so a Redis hiccup shows up as a 503, never as an extra admission.
 */

const processes = 4;
const runs = 20;
const burstRequests = 1_000;

describe(`limits across ${processes} gateway processes`, () => {
  let db: TestDatabase;
  let redisPrefix: TestRedisPrefix;
  let redis: Redis;
  let echo: EchoUpstream;
  let cluster: GatewayCluster;
  let tenantId: string;
  let slug: string;
  const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPrefix = createTestRedisPrefix();
    redis = new Redis(redisPrefix.redisUrl);
    echo = await startEchoUpstream();
    const tenant = await createTenant(db.prisma);
    tenantId = tenant.id;
    slug = tenant.slug;
    const snapshot = echoSnapshot(tenant, echo.url, {
      api: { policies: { limitFailModes: { rate: 'closed', quota: 'closed', api: 'closed' } } },
      plans: [
        {
          id: 'pln_burst',
          version: 1,
          name: 'Burst 100, 100 per hour',
          apiIds: ['api_echo'],
          rateLimit: { limit: 100, windowSeconds: 3600, burst: 100 },
          monthlyQuota: null,
        },
        {
          id: 'pln_quota',
          version: 1,
          name: 'Quota 150',
          apiIds: ['api_echo'],
          rateLimit: null,
          monthlyQuota: 150,
        },
      ],
      policies: { upgradeUrl: 'https://portal.example/plans' },
    });
    await seedSnapshot(db.prisma, snapshot);
    cluster = await startGatewayCluster({
      count: processes,
      env: {
        ...testGatewayEnv(db, redisPrefix),
        // This test measures exactness, not latency: 4 gateways, the load and Redis share 2 cores.
        GATEWAY_LIMITS_TIMEOUT_MS: '10000',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await agent.close();
    await echo?.close();
    redis?.disconnect();
    await redisPrefix?.cleanup();
    await db?.drop();
  });

  function key(planId: string, subscriptionId: string): Promise<SeededKey> {
    return seedKey(redis, redisPrefix.prefix, { tenantId, subscriptionId, planId });
  }

  interface Answer {
    status: number;
    code: string | null;
    headers: Record<string, string | string[] | undefined>;
  }

  /** `count` requests at once, spread round-robin over the processes, with the keys in turn. */
  async function flood(keys: string[], count: number): Promise<Answer[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const response = await request(`${cluster.urls[i % processes]}/t/${slug}/echo/burst`, {
          dispatcher: agent,
          headers: { 'x-api-key': keys[i % keys.length]! },
        });
        const text = await response.body.text();
        const code =
          response.statusCode === 200 ? null : ((JSON.parse(text) as { code: string }).code ?? null);
        return { status: response.statusCode, code, headers: response.headers };
      }),
    );
  }

  it(`a limit with burst 100 and 100 per hour admits exactly 100 of ${burstRequests} requests, ${runs} runs`, async () => {
    const admittedCounts: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { key: apiKey } = await key('pln_burst', `sub_burst_${run}`);
      const started = performance.now();
      const answers = await flood([apiKey], burstRequests);
      const ms = performance.now() - started;
      const admitted = answers.filter((a) => a.status === 200).length;
      const limited = answers.filter((a) => a.status === 429 && a.code === 'rate_limited').length;
      admittedCounts.push(admitted);
      const others = answers.filter((a) => a.status !== 200 && a.code !== 'rate_limited');
      if (others.length > 0)
        console.log('other answers:', [...new Set(others.map((a) => `${a.status} ${a.code}`))]);
      console.log(
        `run ${String(run + 1).padStart(2)}: admitted ${admitted}, rate_limited ${limited}, other ${burstRequests - admitted - limited} (${ms.toFixed(0)} ms)`,
      );
      expect(limited).toBe(burstRequests - admitted);
      // Every answer says which policies apply and where the caller stands.
      for (const answer of answers) {
        expect(answer.headers['ratelimit-policy']).toBe('"rate";q=100;w=3600');
        expect(answer.headers.ratelimit).toMatch(/^"rate";r=\d+;t=\d+$/);
        if (answer.status === 429) expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    console.log(`admitted per run over ${processes} processes: ${admittedCounts.join(', ')}`);
    expect(admittedCounts).toEqual(Array.from({ length: runs }, () => 100));
  }, 300_000);

  it('a quota of 150 admits exactly 150 across two keys of one subscription, and meters exactly those', async () => {
    const first = await key('pln_quota', 'sub_quota');
    const second = await key('pln_quota', 'sub_quota');
    const answers = await flood([first.key, second.key], 600);
    const admitted = answers.filter((a) => a.status === 200);
    const exhausted = answers.filter((a) => a.status === 429 && a.code === 'quota_exceeded');
    console.log(
      `quota 150, two keys, 600 requests: admitted ${admitted.length}, quota_exceeded ${exhausted.length}`,
    );
    expect(admitted).toHaveLength(150);
    expect(exhausted).toHaveLength(450);
    expect(exhausted[0]!.headers.ratelimit).toMatch(/^"quota";r=0;t=\d+$/);

    // The next call's problem body carries limit/remaining/reset and the upgrade link.
    const response = await request(`${cluster.urls[0]}/t/${slug}/echo/again`, {
      dispatcher: agent,
      headers: { 'x-api-key': second.key },
    });
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await response.body.json()).toMatchObject({
      code: 'quota_exceeded',
      layer: 'limit',
      limit: 150,
      remaining: 0,
      upgradeUrl: 'https://portal.example/plans',
    });

    // Metering: exactly the admitted calls count against quota and are billable; denials neither.
    await cluster.stop();
    const usage = new UsageQueueReader(redisPrefix);
    try {
      const events = (await usage.events()).filter((e) => e.subscriptionId === 'sub_quota');
      expect(events).toHaveLength(601);
      expect(events.filter((e) => e.quotaCounted)).toHaveLength(150);
      expect(events.filter((e) => e.billable)).toHaveLength(150);
      expect(
        events.filter((e) => e.denyCode === 'quota_exceeded' && !e.quotaCounted && !e.billable),
      ).toHaveLength(451);
    } finally {
      await usage.close();
    }
  }, 120_000);
});
