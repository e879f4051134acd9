import { type ConfigSnapshot, newId, redisChannels, redisKeys } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGateway } from '../../../test/gateway-process.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let gateway: GatewayProcess | undefined;
let owner: TestClient;
let tenantId: string;
let userId: string;
let apiId: string;
let planId: string;

const base = () => `/v1/tenants/${tenantId}/releases`;

async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** What the gateway answers for a path of the Echo API, without a key: 404 `route_not_found` or 401 (a route matched). */
async function gatewayAnswer(path: string): Promise<{ status: number; code: string }> {
  if (!gateway) throw new Error('no gateway');
  const response = await fetch(`${gateway.url}/t/rel-a/echo${path}`);
  const body = (await response.json()) as { code: string };
  return { status: response.status, code: body.code };
}

const liveVersion = async (id: string) =>
  Number(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, id)));

beforeAll(async () => {
  // rel-a may use loopback upstreams; rel-b may not.
  t = await startTestApp({ ALLOWED_PRIVATE_UPSTREAM_TENANTS: 'rel-a' });
  owner = t.client();
  ({ tenantId, userId } = await owner.signup('rel-a'));
  const api = await owner.post(`/v1/tenants/${tenantId}/apis`, {
    name: 'Echo',
    basePath: '/echo',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  apiId = api.json().data.id;
  const plan = await owner.post(`/v1/tenants/${tenantId}/plans`, {
    name: 'Pro',
    rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
    apiIds: [apiId],
  });
  planId = plan.json().data.id;
  const consumer = await owner.post(`/v1/tenants/${tenantId}/consumers`, {
    name: 'Ada',
    email: 'ada@example.test',
  });
  const subscribed = await owner.post(
    `/v1/tenants/${tenantId}/consumers/${consumer.json().data.id}/subscriptions`,
    {
      planId,
    },
  );
  expect(subscribed.statusCode).toBe(201);
  // The routes API belongs to another part of this issue: the routing is set in Postgres here.
  await t.db.prisma.route.deleteMany({ where: { apiId } });
  await t.db.prisma.route.create({
    data: { id: newId('route'), tenantId, apiId, method: 'GET', pathTemplate: '/health' },
  });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await t?.close();
});

describe('config releases', () => {
  let baseline: number;
  let released: number;

  it('publish.ok: the baseline release records who and why, and is live', async () => {
    const published = await owner.post(base(), { reason: 'only /health' });
    expect(published.statusCode).toBe(201);
    baseline = published.json().data.version;
    expect(published.json().data.changes).toContainEqual(
      expect.objectContaining({ kind: 'route.removed', api: 'Echo', route: 'ANY /*' }),
    );
    const row = await t.db.prisma.configVersion.findUniqueOrThrow({
      where: { tenantId_version: { tenantId, version: baseline } },
    });
    expect(row).toMatchObject({
      createdBy: userId,
      reason: 'only /health',
      kind: 'manual',
      rollbackOf: null,
    });
    expect(await liveVersion(tenantId)).toBe(baseline);

    gateway = await startGateway({
      DATABASE_URL: t.db.url,
      REDIS_URL: t.env.REDIS_URL,
      REDIS_PREFIX: t.env.REDIS_PREFIX,
      KEY_PEPPER: t.env.KEY_PEPPER,
      GATEWAY_ID: 'releases-gw',
      GATEWAY_HEARTBEAT_MS: '200',
    });
    expect(await gatewayAnswer('/users/1')).toEqual({ status: 404, code: 'route_not_found' });
    await eventually(async () => {
      const live = await owner.get(`${base()}/live`);
      expect(live.statusCode).toBe(200);
      expect(live.json().data).toEqual([
        { gatewayId: 'releases-gw', version: baseline, seenAt: expect.any(String) },
      ]);
    });
  });

  it('preview.ok: lists an added route and a changed limit, and publishes nothing', async () => {
    await t.db.prisma.route.create({
      data: { id: newId('route'), tenantId, apiId, method: 'GET', pathTemplate: '/users/{id}' },
    });
    await t.db.prisma.planVersion.create({
      data: {
        id: newId('planVersion'),
        tenantId,
        planId,
        version: 2,
        rateLimitLimit: 20,
        rateLimitWindowSeconds: 1,
        rateLimitBurst: 5,
        apiIds: [apiId],
      },
    });
    await t.db.prisma.plan.update({ where: { id: planId }, data: { currentVersion: 2 } });

    const preview = await owner.post(`${base()}/preview`);
    expect(preview.statusCode).toBe(200);
    const data = preview.json().data;
    expect(data).toMatchObject({ liveVersion: baseline, problems: [], publishable: true });
    expect(data.changes).toContainEqual({
      kind: 'route.added',
      api: 'Echo',
      route: 'GET /users/{id}',
      summary: 'New route GET /users/{id} on Echo',
    });
    expect(data.changes).toContainEqual(
      expect.objectContaining({
        kind: 'limit.changed',
        plan: 'Pro',
        policy: 'rateLimit',
        before: { limit: 10, windowSeconds: 1, burst: 5 },
        after: { limit: 20, windowSeconds: 1, burst: 5 },
      }),
    );
    expect(await liveVersion(tenantId)).toBe(baseline);
  });

  it('publish.ok: the gateway serves the new version', async () => {
    const published = await owner.post(base(), { reason: 'users route, Pro v2' });
    expect(published.statusCode).toBe(201);
    released = published.json().data.version;
    expect(released).toBe(baseline + 1);
    await eventually(async () =>
      expect(await gatewayAnswer('/users/1')).toEqual({ status: 401, code: 'invalid_key' }),
    );
    await eventually(async () => {
      expect((await owner.get(`${base()}/live`)).json().data[0]).toMatchObject({ version: released });
    });

    const list = await owner.get(base());
    expect(list.statusCode).toBe(200);
    expect(list.json().data[0]).toMatchObject({
      version: released,
      kind: 'manual',
      live: true,
      reason: 'users route, Pro v2',
      publishedBy: { id: userId, name: 'Owner of rel-a' },
    });
    expect(list.json().data.find((r: { version: number }) => r.version === baseline)).toMatchObject({
      live: false,
    });

    const shown = await owner.get(`${base()}/${released}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json().data.snapshot).toMatchObject({ version: released });
  });

  it('rollback.ok: republishes the baseline routing as a new version; the gateway serves it', async () => {
    const rolled = await owner.post(`${base()}/${baseline}/rollback`, { reason: 'users route is broken' });
    expect(rolled.statusCode).toBe(201);
    const version = rolled.json().data.version;
    expect(version).toBe(released + 1);
    expect(rolled.json().data.changes).toContainEqual(
      expect.objectContaining({ kind: 'route.removed', route: 'GET /users/{id}' }),
    );

    const row = await t.db.prisma.configVersion.findUniqueOrThrow({
      where: { tenantId_version: { tenantId, version } },
    });
    expect(row).toMatchObject({ kind: 'rollback', rollbackOf: baseline, createdBy: userId });
    const snapshot = row.snapshot as unknown as ConfigSnapshot;
    // The subscription's plan version is still carried, so its keys keep working.
    expect(snapshot.plans.map((p) => `${p.id}@${p.version}`)).toContain(`${planId}@1`);
    expect(snapshot.policies.allowPrivateUpstreams).toBe(true);

    await eventually(async () =>
      expect(await gatewayAnswer('/users/1')).toEqual({ status: 404, code: 'route_not_found' }),
    );
    expect(await gatewayAnswer('/health')).toEqual({ status: 401, code: 'invalid_key' });
    await eventually(async () => {
      expect((await owner.get(`${base()}/live`)).json().data[0]).toMatchObject({ version });
    });
    expect(t.notices.get(redisChannels.configPublished(t.env.REDIS_PREFIX))).toContainEqual({
      tenantId,
      version,
    });
  });

  it('rollback.not-found: an unknown version is 404', async () => {
    const rolled = await owner.post(`${base()}/999/rollback`, { reason: 'nope' });
    expect(rolled.statusCode).toBe(404);
    expect(rolled.json().code).toBe('not_found');
  });

  it('publish.invalid: a reason is required', async () => {
    const published = await owner.post(base(), {});
    expect(published.statusCode).toBe(422);
    expect(published.json().code).toBe('validation_failed');
  });

  it('publish.invalid-release: a loopback upstream without permission is refused and nothing goes live', async () => {
    const other = t.client();
    const { tenantId: otherId } = await other.signup('rel-b');
    const api = await other.post(`/v1/tenants/${otherId}/apis`, {
      name: 'Public',
      basePath: '/public',
      upstreamUrl: 'https://api.example.com',
    });
    expect(api.statusCode).toBe(201);
    expect(await liveVersion(otherId)).toBe(1);
    await t.db.prisma.api.update({
      where: { id: api.json().data.id },
      data: { upstreamUrl: 'http://127.0.0.1:4010' },
    });

    const preview = await other.post(`/v1/tenants/${otherId}/releases/preview`);
    expect(preview.json().data).toMatchObject({
      publishable: false,
      problems: [{ check: 'config-validity', severity: 'error', path: 'apis.0.upstream.url' }],
    });
    const published = await other.post(`/v1/tenants/${otherId}/releases`, { reason: 'go' });
    expect(published.statusCode).toBe(422);
    expect(published.json()).toMatchObject({
      code: 'invalid_release',
      problems: [{ path: 'apis.0.upstream.url' }],
    });
    expect(await liveVersion(otherId)).toBe(1);
    expect(await t.db.prisma.configVersion.count({ where: { tenantId: otherId } })).toBe(1);

    // An automatic publish (a config change) is refused the same way: the API is kept, not published.
    const second = await other.post(`/v1/tenants/${otherId}/apis`, {
      name: 'Second',
      basePath: '/second',
      upstreamUrl: 'https://second.example.com',
    });
    expect(second.statusCode).toBe(201);
    expect(await t.db.prisma.configVersion.count({ where: { tenantId: otherId } })).toBe(1);
  });

  it('releases.isolation: another tenant’s releases are 404', async () => {
    const other = t.client();
    await other.signup('rel-c');
    const shown = await other.get(`${base()}/1`);
    expect(shown.statusCode).toBe(404);
    expect(shown.json().code).toBe('not_found');
    const rolled = await other.post(`${base()}/1/rollback`, { reason: 'x' });
    expect(rolled.statusCode).toBe(404);
  });
});
