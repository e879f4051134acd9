import { type ConfigSnapshot, type KeyRecord, redisKeys } from '@tollgate/contracts';
import { hashKey } from '@tollgate/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
let apiId: string;
let otherApiId: string;
let planId: string;
let consumerId: string;

const base = () => `/v1/tenants/${tenantId}`;

async function subscribe(): Promise<string> {
  const response = await owner.post(`${base()}/consumers/${consumerId}/subscriptions`, { planId });
  expect(response.statusCode).toBe(201);
  return response.json().data.id;
}

async function keyRecord(key: string): Promise<KeyRecord> {
  const stored = await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hashKey(key, t.env.KEY_PEPPER)));
  return JSON.parse(stored ?? 'null') as KeyRecord;
}

async function liveSnapshot(): Promise<ConfigSnapshot> {
  const live = Number(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, tenantId)));
  const row = await t.db.prisma.configVersion.findUniqueOrThrow({
    where: { tenantId_version: { tenantId, version: live } },
  });
  return row.snapshot as unknown as ConfigSnapshot;
}

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup('plan-versions'));
  for (const basePath of ['/one', '/two']) {
    const api = await owner.post(`${base()}/apis`, {
      name: `API ${basePath}`,
      basePath,
      upstreamUrl: 'http://127.0.0.1:4010',
    });
    expect(api.statusCode).toBe(201);
    if (basePath === '/one') apiId = api.json().data.id;
    else otherApiId = api.json().data.id;
  }
  const plan = await owner.post(`${base()}/plans`, {
    name: 'Pro',
    rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
    monthlyQuota: 1000,
    apiIds: [apiId],
    pricing: {
      baseFeeCents: 1900,
      includedCalls: 1000,
      overageTiers: [{ upTo: null, unitAmountCents: 0.5 }],
    },
    trialDays: 7,
  });
  expect(plan.statusCode).toBe(201);
  planId = plan.json().data.id;
  const consumer = await owner.post(`${base()}/consumers`, { name: 'Ada', email: 'ada@example.test' });
  consumerId = consumer.json().data.id;
});
afterAll(async () => {
  await t?.close();
});

describe('plan versions', () => {
  let firstSubscriptionId: string;
  let firstKey: string;

  it('create-plan.ok: pricing, trial days and visibility are part of version 1', async () => {
    const plans = (await owner.get(`${base()}/plans`)).json().data;
    expect(plans[0]).toMatchObject({
      id: planId,
      currentVersion: 1,
      visibility: 'public',
      pricing: {
        currency: 'usd',
        baseFeeCents: 1900,
        includedCalls: 1000,
        overageTiers: [{ upTo: null, unitAmountCents: 0.5 }],
      },
      trialDays: 7,
    });
    firstSubscriptionId = await subscribe();
    const issued = await owner.post(`${base()}/keys`, { subscriptionId: firstSubscriptionId, name: 'ci' });
    expect(issued.statusCode).toBe(201);
    firstKey = issued.json().key;
    expect((await keyRecord(firstKey)).planVersion).toBe(1);
  });

  it('update-plan.ok: new terms make version 2 and keep version 1 for its subscription', async () => {
    const response = await owner.call('PATCH', `${base()}/plans/${planId}`, {
      rateLimit: { limit: 100, windowSeconds: 1, burst: 50 },
      apiIds: [apiId, otherApiId],
      pricing: { baseFeeCents: 4900 },
      visibility: 'private',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      currentVersion: 2,
      visibility: 'private',
      rateLimit: { limit: 100, windowSeconds: 1, burst: 50 },
      // Left out: carried over from version 1.
      monthlyQuota: 1000,
      trialDays: 7,
      apiIds: [apiId, otherApiId],
      pricing: { baseFeeCents: 4900, includedCalls: 0, overageTiers: [] },
    });

    const versions = await owner.get(`${base()}/plans/${planId}/versions`);
    expect(versions.statusCode).toBe(200);
    expect(versions.json().data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.json().data[1]).toMatchObject({
      rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
      apiIds: [apiId],
      pricing: { baseFeeCents: 1900 },
    });

    // The live snapshot carries both: version 1 is still in use.
    const plans = (await liveSnapshot()).plans.filter((p) => p.id === planId);
    expect(plans.map((p) => p.version).sort()).toEqual([1, 2]);

    const consumers = (await owner.get(`${base()}/consumers`)).json().data;
    expect(consumers[0].subscriptions).toEqual([
      { id: firstSubscriptionId, planId, planVersion: 1, status: 'active' },
    ]);
    expect((await keyRecord(firstKey)).planVersion).toBe(1);
  });

  it('create-subscription.ok: a new subscription gets the current version', async () => {
    const response = await owner.post(`${base()}/consumers/${consumerId}/subscriptions`, { planId });
    expect(response.statusCode).toBe(201);
    expect(response.json().data.planVersion).toBe(2);
  });

  it('move-subscription.ok: moves to the current version and re-projects its keys', async () => {
    const moved = await owner.post(
      `${base()}/consumers/${consumerId}/subscriptions/${firstSubscriptionId}/move`,
      {},
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toMatchObject({ id: firstSubscriptionId, planId, planVersion: 2 });
    expect((await keyRecord(firstKey)).planVersion).toBe(2);
  });

  it('move-subscription.ok: moves back to an explicit version, which the live snapshot carries', async () => {
    const moved = await owner.post(
      `${base()}/consumers/${consumerId}/subscriptions/${firstSubscriptionId}/move`,
      { planVersion: 1 },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data.planVersion).toBe(1);
    expect((await keyRecord(firstKey)).planVersion).toBe(1);
    const plans = (await liveSnapshot()).plans.filter((p) => p.id === planId);
    expect(plans.map((p) => p.version).sort()).toEqual([1, 2]);
  });

  it('move-subscription.invalid: a version the plan does not have is 422', async () => {
    const moved = await owner.post(
      `${base()}/consumers/${consumerId}/subscriptions/${firstSubscriptionId}/move`,
      { planVersion: 9 },
    );
    expect(moved.statusCode).toBe(422);
    expect(moved.json().code).toBe('validation_failed');
    expect(moved.json().errors[0].path).toBe('planVersion');
  });

  it('update-plan.name-only: a name change keeps the version', async () => {
    const response = await owner.call('PATCH', `${base()}/plans/${planId}`, { name: 'Pro 2026' });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({ name: 'Pro 2026', currentVersion: 2 });
  });

  it('update-plan.invalid: an unknown API, an unknown field or an empty change is 422', async () => {
    for (const body of [{ apiIds: ['api_nope'] }, { tenantId: 'x' }, {}]) {
      const response = await owner.call('PATCH', `${base()}/plans/${planId}`, body);
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('validation_failed');
    }
    const versions = await owner.get(`${base()}/plans/${planId}/versions`);
    expect(versions.json().data).toHaveLength(2);
  });

  it('update-plan.not-found: a plan of another tenant is 404', async () => {
    const other = t.client();
    const { tenantId: otherTenantId } = await other.signup('plan-versions-b');
    const own = `/v1/tenants/${otherTenantId}`;
    const patch = await other.call('PATCH', `${own}/plans/${planId}`, { trialDays: 1 });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().code).toBe('not_found');
    const versions = await other.get(`${own}/plans/${planId}/versions`);
    expect(versions.statusCode).toBe(404);
    const move = await other.post(
      `${own}/consumers/${consumerId}/subscriptions/${firstSubscriptionId}/move`,
      {},
    );
    expect(move.statusCode).toBe(404);
    expect(move.json().code).toBe('not_found');
  });
});
