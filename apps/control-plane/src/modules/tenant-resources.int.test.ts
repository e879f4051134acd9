import { type ConfigSnapshot, type KeyRecord, redisChannels, redisKeys } from '@tollgate/contracts';
import { hashKey } from '@tollgate/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../test/test-app.js';
import { KeyIndexProjector } from './projections/key-index.projector.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
let userId: string;

const base = () => `/v1/tenants/${tenantId}`;

/** Waits for pub/sub delivery, which is asynchronous. */
async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ({ tenantId, userId } = await owner.signup('resources'));
});
afterAll(async () => {
  await t?.close();
});

describe('tenant resources', () => {
  let apiId: string;
  let planId: string;
  let consumerId: string;
  let subscriptionId: string;
  let keyId: string;
  let plaintext: string;

  it('create-api.ok: adds a catch-all route and publishes config version 1', async () => {
    const created = await owner.post(`${base()}/apis`, {
      name: 'Echo',
      basePath: '/echo',
      upstreamUrl: 'http://127.0.0.1:4010',
    });
    expect(created.statusCode).toBe(201);
    const api = created.json().data;
    apiId = api.id;
    expect(api).toMatchObject({ name: 'Echo', basePath: '/echo', sandboxUpstreamUrl: null });
    expect(api.routes).toEqual([
      { id: expect.stringMatching(/^rte_/), method: 'ANY', pathTemplate: '/*', name: null, policies: {} },
    ]);

    const list = await owner.get(`${base()}/apis`);
    expect(list.json().data.map((a: { id: string }) => a.id)).toEqual([apiId]);

    const version = await t.db.prisma.configVersion.findUniqueOrThrow({
      where: { tenantId_version: { tenantId, version: 1 } },
    });
    expect(version.createdBy).toBe(userId);
    const snapshot = version.snapshot as unknown as ConfigSnapshot;
    expect(snapshot).toMatchObject({ tenantId, tenantSlug: 'resources', version: 1 });
    expect(snapshot.apis).toMatchObject([
      { id: apiId, basePath: '/echo', upstream: { url: 'http://127.0.0.1:4010' }, sandboxUpstream: null },
    ]);
    expect(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, tenantId))).toBe('1');
    await eventually(() =>
      expect(t.notices.get(redisChannels.configPublished(t.env.REDIS_PREFIX))).toContainEqual({
        tenantId,
        version: 1,
      }),
    );
  });

  it('create-api.conflict: a base path taken in the tenant is 409', async () => {
    const again = await owner.post(`${base()}/apis`, {
      name: 'Echo 2',
      basePath: '/echo',
      upstreamUrl: 'http://127.0.0.1:4010',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
  });

  it('create-api.invalid: bad and unknown fields are 422 with each field listed', async () => {
    const response = await owner.post(`${base()}/apis`, {
      name: 'Bad',
      basePath: 'no-slash/',
      upstreamUrl: 'ftp://example.test',
      timeoutMs: 10,
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'basePath',
      'timeoutMs',
      'upstreamUrl',
    ]);
  });

  it('create-plan.ok: plan with version 1, in the next published snapshot', async () => {
    const created = await owner.post(`${base()}/plans`, {
      name: 'Starter',
      rateLimit: { limit: 10, windowSeconds: 1, burst: 20 },
      monthlyQuota: 1000,
      apiIds: [apiId],
    });
    expect(created.statusCode).toBe(201);
    const plan = created.json().data;
    planId = plan.id;
    expect(plan).toMatchObject({
      name: 'Starter',
      currentVersion: 1,
      rateLimit: { limit: 10, windowSeconds: 1, burst: 20 },
      monthlyQuota: 1000,
      apiIds: [apiId],
    });
    expect((await owner.get(`${base()}/plans`)).json().data).toHaveLength(1);

    const version = await t.db.prisma.configVersion.findUniqueOrThrow({
      where: { tenantId_version: { tenantId, version: 2 } },
    });
    expect((version.snapshot as unknown as ConfigSnapshot).plans).toEqual([
      {
        id: planId,
        version: 1,
        name: 'Starter',
        apiIds: [apiId],
        rateLimit: { limit: 10, windowSeconds: 1, burst: 20 },
        monthlyQuota: 1000,
      },
    ]);
    expect(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, tenantId))).toBe('2');
  });

  it('create-plan.invalid: an API id of no API in the tenant is 422', async () => {
    const response = await owner.post(`${base()}/plans`, { name: 'Ghost', apiIds: ['api_nope'] });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ path: 'apiIds.0', message: expect.any(String) }]);
  });

  it('create-consumer-and-subscription.ok', async () => {
    const consumer = await owner.post(`${base()}/consumers`, { name: 'Dev', email: 'dev@example.test' });
    expect(consumer.statusCode).toBe(201);
    consumerId = consumer.json().data.id;
    expect(consumer.json().data).toMatchObject({ name: 'Dev', email: 'dev@example.test', externalId: null });
    expect((await owner.get(`${base()}/consumers`)).json().data).toHaveLength(1);

    const subscription = await owner.post(`${base()}/consumers/${consumerId}/subscriptions`, { planId });
    expect(subscription.statusCode).toBe(201);
    subscriptionId = subscription.json().data.id;
    expect(subscription.json().data).toMatchObject({ consumerId, planId, planVersion: 1, status: 'active' });
    expect((await owner.get(`${base()}/consumers`)).json().data[0].subscriptions).toEqual([
      { id: subscriptionId, planId, planVersion: 1, status: 'active' },
    ]);
  });

  it('issue-key.ok: returns the key once, lists only its prefix, projects its KeyRecord', async () => {
    const issued = await owner.post(`${base()}/keys`, { subscriptionId, name: 'ci' });
    expect(issued.statusCode).toBe(201);
    const body = issued.json();
    plaintext = body.key;
    keyId = body.data.id;
    expect(plaintext).toMatch(/^tg_live_/);
    expect(body.data).toMatchObject({
      name: 'ci',
      environment: 'live',
      status: 'active',
      consumerId,
      subscriptionId,
      revokedAt: null,
    });
    expect(plaintext.startsWith(body.data.prefix)).toBe(true);

    const list = await owner.get(`${base()}/keys`);
    expect(list.statusCode).toBe(200);
    const listed = list.json().data;
    expect(listed).toHaveLength(1);
    expect(Object.keys(listed[0]).sort()).toEqual(
      [
        'consumerId',
        'createdAt',
        'environment',
        'expiresAt',
        'graceEndsAt',
        'id',
        'ipRules',
        'name',
        'prefix',
        'revokedAt',
        'rotatedFromId',
        'scopes',
        'status',
        'subscriptionId',
      ].sort(),
    );
    const hash = hashKey(plaintext, t.env.KEY_PEPPER);
    expect(list.body).not.toContain(plaintext);
    expect(list.body).not.toContain(hash);

    const stored = await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hash));
    expect(JSON.parse(stored ?? 'null')).toEqual({
      keyId,
      tenantId,
      consumerId,
      subscriptionId,
      planId,
      planVersion: 1,
      environment: 'live',
      status: 'active',
      prefix: body.data.prefix,
      scopes: [],
      expiresAt: null,
      graceEndsAt: null,
      // No IP rules: usable from anywhere.
      ipRules: null,
      // The gateway refuses keys of a canceled or incomplete subscription.
      subscriptionStatus: 'active',
      // The subscription's billing period, which anchors its quota in the gateway.
      quotaPeriod: { start: expect.any(String), end: expect.any(String) },
    } satisfies KeyRecord);
    await eventually(() =>
      expect(t.notices.get(redisChannels.keyInvalidated(t.env.REDIS_PREFIX))).toContainEqual({
        keyHash: hash,
      }),
    );
  });

  it('revoke-key.ok: the KeyRecord turns revoked and an invalidation is published', async () => {
    const hash = hashKey(plaintext, t.env.KEY_PEPPER);
    const before = t.notices.get(redisChannels.keyInvalidated(t.env.REDIS_PREFIX))?.length ?? 0;
    const revoked = await owner.post(`${base()}/keys/${keyId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data).toMatchObject({
      id: keyId,
      status: 'revoked',
      revokedAt: expect.any(String),
    });

    const record = JSON.parse((await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hash))) ?? 'null');
    expect(record.status).toBe('revoked');
    await eventually(() =>
      expect(t.notices.get(redisChannels.keyInvalidated(t.env.REDIS_PREFIX))?.length).toBeGreaterThan(before),
    );
  });

  it('reindex-keys.ok: rebuilds a lost key index from Postgres', async () => {
    const hash = hashKey(plaintext, t.env.KEY_PEPPER);
    await t.redis.del(redisKeys.keyIndex(t.env.REDIS_PREFIX, hash));
    const count = await t.app.get(KeyIndexProjector).rebuildKeyIndex();
    expect(count).toBe(1);
    const record = JSON.parse((await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hash))) ?? 'null');
    expect(record).toMatchObject({ keyId, status: 'revoked' });
  });

  it('issue-key.invalid: a subscription of no consumer in the tenant is 422', async () => {
    const response = await owner.post(`${base()}/keys`, { subscriptionId: 'sub_nope', name: 'x' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].path).toBe('subscriptionId');
  });

  describe('other tenants', () => {
    let intruder: TestClient;
    let intruderTenantId: string;

    beforeAll(async () => {
      intruder = t.client();
      ({ tenantId: intruderTenantId } = await intruder.signup('intruder'));
    });

    it.each([
      ['GET', 'apis'],
      ['POST', 'apis'],
      ['GET', 'plans'],
      ['POST', 'plans'],
      ['GET', 'consumers'],
      ['POST', 'consumers'],
      ['GET', 'keys'],
      ['POST', 'keys'],
      ['GET', 'usage'],
    ] as const)('forbidden-tenant: %s /%s of another tenant is 404 not_found', async (method, path) => {
      const response = await intruder.call(method, `${base()}/${path}`, method === 'POST' ? {} : undefined);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('not_found');
    });

    it("forbidden-object: another tenant's consumer and key are 404 under one's own tenant", async () => {
      const own = `/v1/tenants/${intruderTenantId}`;
      const subscribe = await intruder.post(`${own}/consumers/${consumerId}/subscriptions`, { planId });
      expect(subscribe.statusCode).toBe(404);
      expect(subscribe.json().code).toBe('not_found');
      const revoke = await intruder.post(`${own}/keys/${keyId}/revoke`);
      expect(revoke.statusCode).toBe(404);
      expect(revoke.json().code).toBe('not_found');
      expect((await intruder.get(`${own}/keys`)).json().data).toEqual([]);
    });

    it('unauthenticated: no session is 401 before any tenant check', async () => {
      const response = await t.client().get(`${base()}/apis`);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('unauthenticated');
    });
  });
});

describe('config publishing', () => {
  it('publish.concurrent: parallel changes get consecutive versions and the last holds them all', async () => {
    const client = t.client();
    const { tenantId: busyTenantId } = await client.signup('busy');
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        client.post(`/v1/tenants/${busyTenantId}/apis`, {
          name: `API ${n}`,
          basePath: `/api-${n}`,
          upstreamUrl: 'http://127.0.0.1:4010',
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const versions = await t.db.prisma.configVersion.findMany({
      where: { tenantId: busyTenantId },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    expect((versions[4]!.snapshot as unknown as ConfigSnapshot).apis).toHaveLength(5);
    expect(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, busyTenantId))).toBe('5');
  });
});
