import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';

/** `GET /v1/portal/:tenantSlug/plans`: what anyone sees of a tenant's plans before choosing one. */

let t: TestApp;
const slug = 'portal-plans';
const ids = { weather: '', maps: '', free: '', pro: '', internal: '', retired: '' };

beforeAll(async () => {
  t = await startTestApp();
  const owner = t.client();
  const { tenantId } = await owner.signup(slug);
  const base = `/v1/tenants/${tenantId}`;
  const api = async (name: string, basePath: string) =>
    (await owner.post(`${base}/apis`, { name, basePath, upstreamUrl: 'http://127.0.0.1:4010' })).json().data
      .id as string;
  ids.weather = await api('Weather', '/weather');
  ids.maps = await api('Maps', '/maps');
  const plan = async (body: Record<string, unknown>) => {
    const response = await owner.post(`${base}/plans`, { apiIds: [ids.weather], ...body });
    expect(response.statusCode).toBe(201);
    return response.json().data.id as string;
  };
  ids.free = await plan({ name: 'Free', monthlyQuota: 1_000 });
  ids.pro = await plan({
    name: 'Pro',
    apiIds: [ids.weather, ids.maps],
    rateLimit: { limit: 50, windowSeconds: 1, burst: 20 },
    monthlyQuota: 100_000,
    pricing: {
      baseFeeCents: 4_900,
      includedCalls: 50_000,
      overageTiers: [{ upTo: null, unitAmountCents: 0.1 }],
    },
    trialDays: 14,
  });
  ids.internal = await plan({ name: 'Internal', visibility: 'private' });
  ids.retired = await plan({ name: 'Retired' });
  await t.db.prisma.plan.update({ where: { id: ids.retired }, data: { archivedAt: new Date() } });
  // New terms: the list shows the current version.
  expect((await owner.call('PATCH', `${base}/plans/${ids.free}`, { monthlyQuota: 2_000 })).statusCode).toBe(
    200,
  );

  const other = t.client();
  const { tenantId: otherId } = await other.signup('portal-plans-other');
  const otherApi = await other.post(`/v1/tenants/${otherId}/apis`, {
    name: 'Elsewhere',
    basePath: '/elsewhere',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  await other.post(`/v1/tenants/${otherId}/plans`, { name: 'Other', apiIds: [otherApi.json().data.id] });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /v1/portal/:tenantSlug/plans', () => {
  it('portal-plans.ok: without a session, the public unarchived plans of this tenant only, with their current terms and APIs', async () => {
    const response = await t.client().get(`/v1/portal/${slug}/plans`);
    expect(response.statusCode).toBe(200);
    const plans = response.json().data;
    expect(plans.map((p: { id: string }) => p.id)).toEqual([ids.free, ids.pro]);
    expect(plans[0]).toMatchObject({
      name: 'Free',
      terms: { version: 2, monthlyQuota: 2_000, rateLimit: null, trialDays: 0 },
      apis: [{ id: ids.weather, name: 'Weather', basePath: '/weather' }],
    });
    expect(plans[1]).toMatchObject({
      name: 'Pro',
      terms: {
        version: 1,
        rateLimit: { limit: 50, windowSeconds: 1, burst: 20 },
        monthlyQuota: 100_000,
        pricing: {
          currency: 'usd',
          baseFeeCents: 4_900,
          includedCalls: 50_000,
          overageTiers: [{ upTo: null, unitAmountCents: 0.1 }],
        },
        trialDays: 14,
      },
      apis: [
        { id: ids.maps, name: 'Maps', basePath: '/maps' },
        { id: ids.weather, name: 'Weather', basePath: '/weather' },
      ],
    });
  });

  it('portal-plans.ok_signed_in: a developer of the portal sees the same list', async () => {
    const dev = t.client();
    await dev.portalSignup(slug, 'plans@dev.test');
    const response = await dev.get(`/v1/portal/${slug}/plans`);
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((p: { name: string }) => p.name)).toEqual(['Free', 'Pro']);
  });

  it('portal-plans.not_found: an unknown portal is 404 not_found; an invalid slug is 422', async () => {
    const unknown = await t.client().get('/v1/portal/no-such-portal/plans');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'not_found']);
    const invalid = await t.client().get('/v1/portal/Not_A_Slug/plans');
    expect([invalid.statusCode, invalid.json().code]).toEqual([422, 'validation_failed']);
  });
});
