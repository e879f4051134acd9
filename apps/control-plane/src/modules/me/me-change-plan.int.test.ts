import { type KeyRecord, redisKeys } from '@tollgate/contracts';
import { hashKey } from '@tollgate/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/** A developer changes its own subscription's plan on the portal: public, unarchived plans of its tenant only. */

let t: TestApp;
let tenantId: string;
const plans = { free: '', pro: '', internal: '', retired: '', elsewhere: '' };

const slug = 'me-change-plan';
const otherSlug = 'me-change-plan-b';

beforeAll(async () => {
  t = await startTestApp();
  const owner = t.client();
  ({ tenantId } = await owner.signup(slug));
  const base = `/v1/tenants/${tenantId}`;
  const apiId = (
    await owner.post(`${base}/apis`, {
      name: 'Echo',
      basePath: '/echo',
      upstreamUrl: 'http://127.0.0.1:4010',
    })
  ).json().data.id;
  const plan = async (body: Record<string, unknown>) => {
    const response = await owner.post(`${base}/plans`, { apiIds: [apiId], ...body });
    expect(response.statusCode).toBe(201);
    return response.json().data.id as string;
  };
  // Oldest first: sign-ups get Free.
  plans.free = await plan({ name: 'Free', monthlyQuota: 100 });
  plans.pro = await plan({
    name: 'Pro',
    monthlyQuota: 10_000,
    rateLimit: { limit: 50, windowSeconds: 1, burst: 20 },
    pricing: { baseFeeCents: 4900 },
  });
  plans.internal = await plan({ name: 'Internal', visibility: 'private' });
  plans.retired = await plan({ name: 'Retired' });
  await t.db.prisma.plan.update({ where: { id: plans.retired }, data: { archivedAt: new Date() } });

  const other = t.client();
  const { tenantId: otherTenantId } = await other.signup(otherSlug);
  const otherApi = await other.post(`/v1/tenants/${otherTenantId}/apis`, {
    name: 'B',
    basePath: '/b',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  // A paid plan: developers signing up there get no subscription.
  const elsewhere = await other.post(`/v1/tenants/${otherTenantId}/plans`, {
    name: 'B Pro',
    apiIds: [otherApi.json().data.id],
    pricing: { baseFeeCents: 100 },
  });
  plans.elsewhere = elsewhere.json().data.id;
});
afterAll(async () => {
  await t?.close();
});

async function developer(email: string): Promise<{ dev: TestClient; accountId: string; key: string }> {
  const dev = t.client();
  const { accountId } = await dev.portalSignup(slug, email);
  const issued = await dev.post('/v1/me/keys', { name: 'laptop' });
  expect(issued.statusCode).toBe(201);
  return { dev, accountId, key: issued.json().key };
}

async function keyRecord(key: string): Promise<KeyRecord> {
  const stored = await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hashKey(key, t.env.KEY_PEPPER)));
  return JSON.parse(stored ?? 'null') as KeyRecord;
}

describe('POST /v1/me/subscription/plan', () => {
  it('me-change-plan.ok: to a public plan: 200, /v1/me/subscription shows it, the key follows, audited as the consumer', async () => {
    const { dev, accountId, key } = await developer('upgrade@dev.test');
    const before = (await dev.get('/v1/me/subscription')).json().data;
    expect(before).toMatchObject({ planId: plans.free, plan: { name: 'Free' } });

    const changed = await dev.post('/v1/me/subscription/plan', { planId: plans.pro });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().data).toMatchObject({
      id: before.id,
      planId: plans.pro,
      planVersion: 1,
      plan: { id: plans.pro, name: 'Pro' },
      terms: { monthlyQuota: 10_000, rateLimit: { limit: 50, windowSeconds: 1, burst: 20 } },
    });
    // Same subscription, same period: the quota used so far carries over.
    expect(changed.json().data.currentPeriodStart).toBe(before.currentPeriodStart);
    expect((await dev.get('/v1/me/subscription')).json().data).toMatchObject({
      id: before.id,
      plan: { id: plans.pro, name: 'Pro' },
      quota: { limit: 10_000, used: 0 },
    });
    expect(await keyRecord(key)).toMatchObject({ planId: plans.pro, planVersion: 1, status: 'active' });

    const [event] = await t.db.prisma.auditEvent.findMany({
      where: { tenantId, action: 'subscription.plan_changed', targetId: before.id },
    });
    expect(event).toMatchObject({
      actorType: 'consumer',
      actorId: accountId,
      before: { planId: plans.free, planVersion: 1 },
      after: { planId: plans.pro, planVersion: 1 },
    });
  });

  it('me-change-plan.unavailable: a private or archived plan is 422 plan_unavailable; another tenant’s or an unknown plan is 422 validation_failed; nothing changes', async () => {
    const { dev, key } = await developer('stay@dev.test');
    for (const planId of [plans.internal, plans.retired]) {
      const refused = await dev.post('/v1/me/subscription/plan', { planId });
      expect([refused.statusCode, refused.json().code], planId).toEqual([422, 'plan_unavailable']);
    }
    for (const planId of [plans.elsewhere, 'pln_none']) {
      const refused = await dev.post('/v1/me/subscription/plan', { planId });
      expect([refused.statusCode, refused.json().code], planId).toEqual([422, 'validation_failed']);
      expect(refused.json().errors[0].path).toBe('planId');
    }
    // Only the plan: no version, no subscription id, nothing else.
    for (const body of [
      {},
      { planId: plans.pro, planVersion: 1 },
      { planId: plans.pro, subscriptionId: 'x' },
    ]) {
      const invalid = await dev.post('/v1/me/subscription/plan', body);
      expect([invalid.statusCode, invalid.json().code]).toEqual([422, 'validation_failed']);
    }
    const subscription = (await dev.get('/v1/me/subscription')).json().data;
    expect(subscription.planId).toBe(plans.free);
    expect(await keyRecord(key)).toMatchObject({ planId: plans.free });
    expect(await t.db.prisma.auditEvent.count({ where: { targetId: subscription.id } })).toBe(1);
  });

  it('me-change-plan.not_found: a developer without a subscription gets 404', async () => {
    const dev = t.client();
    await dev.portalSignup(otherSlug, 'nosub@dev.test');
    expect((await dev.get('/v1/me/subscription')).json().data).toBeNull();
    const refused = await dev.post('/v1/me/subscription/plan', { planId: plans.elsewhere });
    expect([refused.statusCode, refused.json().code]).toEqual([404, 'not_found']);
  });

  it('me-change-plan.forbidden: without X-CSRF-Token 403 csrf_failed; a provider session 401', async () => {
    const { dev } = await developer('csrf-plan@dev.test');
    dev.sendCsrf = false;
    const refused = await dev.post('/v1/me/subscription/plan', { planId: plans.pro });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'csrf_failed']);
    dev.sendCsrf = true;
    expect((await dev.get('/v1/me/subscription')).json().data.planId).toBe(plans.free);

    const provider = t.client();
    await provider.signup('me-change-plan-provider');
    const unauthenticated = await provider.post('/v1/me/subscription/plan', { planId: plans.pro });
    expect([unauthenticated.statusCode, unauthenticated.json().code]).toEqual([401, 'unauthenticated']);
  });
});
