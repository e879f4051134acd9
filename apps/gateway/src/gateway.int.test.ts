import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigSnapshot, ConfigSnapshotInput } from '@tollgate/contracts';
import { generateKey } from '@tollgate/keys';
import { type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './test-support/eventually.js';
import { freePort } from './test-support/free-port.js';
import { startTestGateway, type TestGateway } from './test-support/test-gateway.js';
import { createTestStack, type TestStack } from './test-support/test-stack.js';

describe('gateway on real Postgres, Redis and the echo upstream', () => {
  let stack: TestStack;
  let echo: EchoUpstream;
  let gw: TestGateway<'live' | 'test'>;
  let tenantId: string;
  let slug: string;
  let deadPort: number;
  let liveKey: string;

  function snapshot(version: number, extraBasePath?: string): ConfigSnapshotInput {
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
    return {
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
    };
  }

  function call(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.key !== undefined) headers.set('x-api-key', init.key);
    return fetch(`${gw.url}/t/${slug}${path}`, { ...init, headers });
  }

  async function eventsOf(requestId: string | null) {
    return eventually(async () => {
      const mine = (await gw.usageEvents()).filter((event) => event.requestId === requestId);
      return mine.length > 0 ? mine : undefined;
    });
  }

  beforeAll(async () => {
    stack = await createTestStack();
    echo = await startEchoUpstream();
    deadPort = await freePort();
    ({ id: tenantId, slug } = stack.tenant);
    gw = await startTestGateway({
      db: stack.db,
      redisPrefix: stack.redisPrefix,
      snapshot: snapshot(1),
      keys: { live: {}, test: { environment: 'test' } },
      env: { LOG_LEVEL: 'info' },
      tuning: { proxy: { headersTimeoutMs: 500 } },
    });
    liveKey = gw.keys.live.key;
  });

  afterAll(async () => {
    await gw?.close();
    await echo?.close();
    await stack?.close();
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

    const events = await eventsOf(requestId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = (await gw.usageEvents()).filter((event) => event.requestId === requestId);
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

    const line = gw.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.requestId === requestId && l.msg === 'request');
    expect(line).toMatchObject({
      tenant: tenantId,
      api: 'api_echo',
      route: 'rte_echo_all',
      status: 200,
      stage: null,
    });
    expect(gw.logLines.join('\n')).not.toContain(liveKey);
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
    const [event] = await eventsOf(requestId);
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
    const response = await fetch(`${gw.url}/t/no-such-tenant/echo`, { headers: { 'x-api-key': liveKey } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('tenant_not_found');
  });

  it('resolves the tenant from the host name as well', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${gw.url}/echo/by-host`, {
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
    const response = await call('/echo/x', { key: gw.keys.test.key });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('key_not_allowed');
  });

  it('answers 401 key_revoked once a revocation is published', async () => {
    const seeded = await gw.seedKey();
    const key = seeded.key;
    expect((await call('/echo/x', { key })).status).toBe(200);
    await gw.updateKey(seeded, { status: 'revoked' });
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
    const [event] = await eventsOf(requestId);
    expect(event).toMatchObject({ billable: false, quotaCounted: true, denyCode: 'upstream_unavailable' });
  });

  it('answers its health check outside the tenant pipeline', async () => {
    const response = await fetch(`${gw.url}/_tollgate/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', tenants: 1 });
  });

  it('swaps in a newly published snapshot on the config notice', async () => {
    expect((await call('/fresh/x', { key: liveKey })).status).toBe(404);
    await gw.publishSnapshot(snapshot(2, '/fresh'));
    const status = await eventually(async () => {
      const response = await call('/fresh/x', { key: liveKey });
      await response.body?.cancel();
      return response.status === 200 ? 200 : undefined;
    });
    expect(status).toBe(200);
    const onDisk = await eventually(async () => {
      const saved = JSON.parse(
        await readFile(join(gw.snapshotDir, `${tenantId}.json`), 'utf8'),
      ) as ConfigSnapshot;
      return saved.version === 2 ? saved : undefined;
    });
    expect(onDisk.apis.map((api) => api.basePath)).toContain('/fresh');
  });

  it('boots from its disk snapshots when Postgres is unreachable', async () => {
    const closedPort = await freePort();
    const second = await startTestGateway({
      db: stack.db,
      redisPrefix: stack.redisPrefix,
      // Postgres is unreachable: only the first gateway's copies on disk can serve.
      env: {
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${closedPort}/nothing`,
        SNAPSHOT_DIR: gw.snapshotDir,
      },
    });
    try {
      const response = await fetch(`${second.url}/t/${slug}/fresh/from-disk`, {
        headers: { 'x-api-key': liveKey },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { path: string }).path).toBe('/from-disk');
    } finally {
      await second.close();
    }
  });
});
