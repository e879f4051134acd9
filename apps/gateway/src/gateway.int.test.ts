import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bullPrefix,
  type ConfigSnapshot,
  type ConfigSnapshotInput,
  configSnapshotSchema,
  type KeyRecord,
  newId,
  queueNames,
  redisChannels,
  redisKeys,
  type UsageBatch,
  type UsageEvent,
} from '@tollgate/contracts';
import { generateKey, hashKey } from '@tollgate/keys';
import {
  createTenant,
  createTestDatabase,
  createTestRedisPrefix,
  type EchoUpstream,
  startEchoUpstream,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from './env.js';
import { createGatewayApp, type GatewayApp } from './gateway-app.js';
import { seedSnapshot } from './test-support/seeding.js';

const pepper = 'integration-test-pepper-0123456789abcdef';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('gateway on real Postgres, Redis and the echo upstream', () => {
  let db: TestDatabase;
  let redisPrefix: TestRedisPrefix;
  let redis: Redis;
  let echo: EchoUpstream;
  let queue: Queue<UsageBatch>;
  let snapshotDir: string;
  let gateway: GatewayApp;
  let baseUrl: string;
  let tenantId: string;
  let slug: string;
  let deadPort: number;
  const logLines: string[] = [];
  const liveKey = generateKey('live').key;
  const testKey = generateKey('test').key;

  function snapshot(version: number, extraBasePath?: string): ConfigSnapshot {
    const apis: ConfigSnapshotInput['apis'] = [
      {
        id: 'api_echo',
        name: 'Echo',
        basePath: '/echo',
        upstream: { url: echo.url },
        sandboxUpstream: null,
        routes: [{ id: 'rte_echo_all', method: 'ANY', pathTemplate: '/*' }],
      },
      {
        id: 'api_dead',
        name: 'Dead',
        basePath: '/dead',
        upstream: { url: `http://127.0.0.1:${deadPort}` },
        sandboxUpstream: null,
        routes: [{ id: 'rte_dead_all', method: 'ANY', pathTemplate: '/*' }],
      },
    ];
    if (extraBasePath !== undefined) {
      apis.push({
        id: 'api_new',
        name: 'New',
        basePath: extraBasePath,
        upstream: { url: echo.url },
        sandboxUpstream: null,
        routes: [{ id: 'rte_new_all', method: 'ANY', pathTemplate: '/*' }],
      });
    }
    return configSnapshotSchema.parse({
      tenantId,
      tenantSlug: slug,
      version,
      createdAt: new Date().toISOString(),
      apis,
      plans: [
        {
          id: 'pln_test',
          version: 1,
          name: 'Test',
          apiIds: apis.map((api) => api.id),
          rateLimit: null,
          monthlyQuota: null,
        },
      ],
      // The echo upstream listens on loopback, which the SSRF guard refuses by default.
      policies: { allowPrivateUpstreams: true },
    });
  }

  async function publish(version: number, extraBasePath?: string): Promise<void> {
    await seedSnapshot(db.prisma, snapshot(version, extraBasePath));
  }

  function keyRecord(key: string, overrides: Partial<KeyRecord> = {}): KeyRecord {
    return {
      keyId: newId('key'),
      tenantId,
      consumerId: 'con_test',
      subscriptionId: 'sub_test',
      planId: 'pln_test',
      planVersion: 1,
      environment: key.startsWith('tg_test_') ? 'test' : 'live',
      status: 'active',
      prefix: key.slice(0, 14),
      scopes: [],
      expiresAt: null,
      graceEndsAt: null,
      ...overrides,
    };
  }

  async function putKey(key: string, overrides: Partial<KeyRecord> = {}): Promise<KeyRecord> {
    const record = keyRecord(key, overrides);
    await redis.set(redisKeys.keyIndex(redisPrefix.prefix, hashKey(key, pepper)), JSON.stringify(record));
    return record;
  }

  function envFor(databaseUrl: string) {
    return loadEnv({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisPrefix.redisUrl,
      REDIS_PREFIX: redisPrefix.prefix,
      KEY_PEPPER: pepper,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      GATEWAY_DOMAIN: 'gw.localhost',
      GATEWAY_ID: 'gw-int-test',
      SNAPSHOT_DIR: snapshotDir,
      LOG_LEVEL: 'info',
    });
  }

  async function start(databaseUrl: string): Promise<{ gateway: GatewayApp; url: string }> {
    const started = await createGatewayApp(envFor(databaseUrl), {
      logDestination: { write: (line: string) => void logLines.push(line) },
      proxy: { headersTimeoutMs: 500 },
      usage: { flushIntervalMs: 50 },
      databaseTimeoutMs: 2_000,
    });
    await started.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = started.app.getHttpServer().address() as AddressInfo;
    return { gateway: started, url: `http://127.0.0.1:${port}` };
  }

  async function usageEvents(): Promise<UsageEvent[]> {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
    return jobs.flatMap((job) => job.data.events);
  }

  function call(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.key !== undefined) headers.set('x-api-key', init.key);
    return fetch(`${baseUrl}/t/${slug}${path}`, { ...init, headers });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPrefix = createTestRedisPrefix();
    redis = new Redis(redisPrefix.redisUrl);
    echo = await startEchoUpstream();
    deadPort = await freePort();
    snapshotDir = await mkdtemp(join(tmpdir(), 'tollgate-gw-snapshots-'));
    const tenant = await createTenant(db.prisma);
    tenantId = tenant.id;
    slug = tenant.slug;
    await publish(1);
    await putKey(liveKey);
    await putKey(testKey);
    queue = new Queue<UsageBatch>(queueNames.usage, {
      connection: { url: redisPrefix.redisUrl },
      prefix: bullPrefix(redisPrefix.prefix),
    });
    const started = await start(db.url);
    gateway = started.gateway;
    baseUrl = started.url;
  });

  afterAll(async () => {
    await gateway?.app.close();
    await queue?.close();
    await echo?.close();
    redis?.disconnect();
    await redisPrefix?.cleanup();
    await db?.drop();
    if (snapshotDir) await rm(snapshotDir, { recursive: true, force: true });
  });

  it('proxies a valid key to the upstream, forwards the normalised path, and meters exactly one billable event', async () => {
    echo.reset();
    const response = await call('/echo/users/./42//profile?fields=a', { key: liveKey });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^req_/);
    const body = (await response.json()) as {
      path: string;
      query: Record<string, string>;
      headers: Record<string, string>;
    };
    expect(body.path).toBe('/users/42/profile');
    expect(body.query).toEqual({ fields: 'a' });
    expect(body.headers['x-request-id']).toBe(requestId);
    // The consumer's key never reaches the provider.
    expect(body.headers['x-api-key']).toBeUndefined();
    expect(echo.stats.requests).toBe(1);

    const events = await eventually(async () => {
      const mine = (await usageEvents()).filter((event) => event.requestId === requestId);
      return mine.length > 0 ? mine : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = (await usageEvents()).filter((event) => event.requestId === requestId);
    expect(again).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId,
      apiId: 'api_echo',
      routeId: 'rte_echo_all',
      status: 200,
      billable: true,
      quotaCounted: true,
      denyCode: null,
      environment: 'live',
    });

    const line = logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.requestId === requestId && l.msg === 'request');
    expect(line).toMatchObject({
      tenant: tenantId,
      api: 'api_echo',
      route: 'rte_echo_all',
      status: 200,
      stage: null,
    });
    expect(logLines.join('\n')).not.toContain(liveKey);
  });

  it('streams a request body to the upstream and the answer back', async () => {
    const payload = JSON.stringify({ hello: 'world', n: [1, 2, 3] });
    const response = await call('/echo/things', {
      key: liveKey,
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { method: string; body: string };
    expect(body.method).toBe('POST');
    expect(body.body).toBe(payload);
  });

  it('keeps a valid incoming X-Request-Id', async () => {
    const response = await call('/echo/x', {
      key: liveKey,
      headers: { 'x-request-id': 'client-chosen-id-1' },
    });
    expect(response.headers.get('x-request-id')).toBe('client-chosen-id-1');
  });

  it.each([
    ['garbage', 'not-a-key'],
    ['a well-formed unknown key', generateKey('live').key],
  ])('answers %s with 401 invalid_key problem+json and never calls the upstream', async (_name, key) => {
    echo.reset();
    const response = await call('/echo/x', { key });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as {
      code: string;
      requestId: string;
      layer: string;
      status: number;
    };
    expect(problem).toMatchObject({ code: 'invalid_key', status: 401, layer: 'authenticate' });
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    expect(echo.stats.requests).toBe(0);
  });

  it('meters a denial too, neither billed nor quota-counted', async () => {
    const response = await call('/echo/x', { key: 'nope' });
    const requestId = response.headers.get('x-request-id');
    const [event] = await eventually(async () => {
      const mine = (await usageEvents()).filter((e) => e.requestId === requestId);
      return mine.length > 0 ? mine : undefined;
    });
    expect(event).toMatchObject({
      status: 401,
      denyCode: 'invalid_key',
      billable: false,
      quotaCounted: false,
    });
  });

  it('answers an unknown route with 404 route_not_found', async () => {
    const response = await call('/nothing/here', { key: liveKey });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('route_not_found');
  });

  it('answers an unknown tenant with 404 tenant_not_found', async () => {
    const response = await fetch(`${baseUrl}/t/no-such-tenant/echo`, { headers: { 'x-api-key': liveKey } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('tenant_not_found');
  });

  it('resolves the tenant from the host name as well', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${baseUrl}/echo/by-host`, {
        headers: { host: `${slug}.gw.localhost`, 'x-api-key': liveKey },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('refuses an encoded slash with 400 bad_path', async () => {
    const response = await call('/echo/a%2f..%2fb', { key: liveKey });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('bad_path');
  });

  it('refuses a test key with 403 key_not_allowed when the API has no sandbox', async () => {
    const response = await call('/echo/x', { key: testKey });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('key_not_allowed');
  });

  it('answers 401 key_revoked once a revocation is published', async () => {
    const key = generateKey('live').key;
    const record = await putKey(key);
    expect((await call('/echo/x', { key })).status).toBe(200);
    await putKey(key, { ...record, status: 'revoked' });
    await redis.publish(
      redisChannels.keyInvalidated(redisPrefix.prefix),
      JSON.stringify({ keyHash: hashKey(key, pepper) }),
    );
    const code = await eventually(async () => {
      const response = await call('/echo/x', { key });
      const problem = response.status === 401 ? ((await response.json()) as { code: string }) : undefined;
      if (problem === undefined) await response.body?.cancel();
      return problem?.code;
    });
    expect(code).toBe('key_revoked');
  });

  it('answers 504 upstream_timeout when the upstream is too slow', async () => {
    const response = await call('/echo/slow', { key: liveKey, headers: { 'x-echo-delay-ms': '2000' } });
    expect(response.status).toBe(504);
    expect(((await response.json()) as { code: string }).code).toBe('upstream_timeout');
  });

  it('answers 503 upstream_unavailable when the upstream refuses connections, and bills nothing', async () => {
    const response = await call('/dead/x', { key: liveKey });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('upstream_unavailable');
    const requestId = response.headers.get('x-request-id');
    const [event] = await eventually(async () => {
      const mine = (await usageEvents()).filter((e) => e.requestId === requestId);
      return mine.length > 0 ? mine : undefined;
    });
    expect(event).toMatchObject({ billable: false, quotaCounted: true, denyCode: 'upstream_unavailable' });
  });

  it('answers its health check outside the tenant pipeline', async () => {
    const response = await fetch(`${baseUrl}/_tollgate/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', tenants: 1 });
  });

  it('swaps in a newly published snapshot on the config notice', async () => {
    expect((await call('/fresh/x', { key: liveKey })).status).toBe(404);
    await publish(2, '/fresh');
    await redis.publish(
      redisChannels.configPublished(redisPrefix.prefix),
      JSON.stringify({ tenantId, version: 2 }),
    );
    const status = await eventually(async () => {
      const response = await call('/fresh/x', { key: liveKey });
      await response.body?.cancel();
      return response.status === 200 ? 200 : undefined;
    });
    expect(status).toBe(200);
    const onDisk = await eventually(async () => {
      const saved = JSON.parse(
        await readFile(join(snapshotDir, `${tenantId}.json`), 'utf8'),
      ) as ConfigSnapshot;
      return saved.version === 2 ? saved : undefined;
    });
    expect(onDisk.apis.map((api) => api.basePath)).toContain('/fresh');
  });

  it('boots from its disk snapshots when Postgres is unreachable', async () => {
    const closedPort = await freePort();
    const second = await start(`postgresql://postgres@127.0.0.1:${closedPort}/nothing`);
    try {
      const response = await fetch(`${second.url}/t/${slug}/fresh/from-disk`, {
        headers: { 'x-api-key': liveKey },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { path: string }).path).toBe('/from-disk');
    } finally {
      await second.gateway.app.close();
    }
  });
});
