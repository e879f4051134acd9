import { newId } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { AlertsService } from './alerts.service.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A tenant with an API, a plan of `quota` calls and a subscribed consumer, through the API. */
async function provider(slug: string) {
  const client = t.client();
  const { tenantId } = await client.signup(slug);
  const base = `/v1/tenants/${tenantId}`;
  const api = await client.post(`${base}/apis`, {
    name: 'A',
    basePath: '/a',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  const plan = (
    await client.post(`${base}/plans`, { name: 'Starter', apiIds: [api.json().data.id], monthlyQuota: 100 })
  ).json().data;
  const consumer = (await client.post(`${base}/consumers`, { name: 'C', email: `c@${slug}.test` })).json()
    .data;
  const subscription = (
    await client.post(`${base}/consumers/${consumer.id}/subscriptions`, { planId: plan.id })
  ).json().data;
  return {
    client,
    tenantId,
    base,
    planId: plan.id as string,
    consumerId: consumer.id as string,
    subscription,
  };
}

async function member(tenantId: string, role: 'developer' | 'viewer', slug: string): Promise<TestClient> {
  const client = t.client();
  const { userId } = await client.signup(slug);
  await t.db.prisma.membership.create({ data: { id: newId('membership'), userId, tenantId, role } });
  return client;
}

describe('alert thresholds', () => {
  it('thresholds.ok: 50/80/100 by default; a change is stored sorted, deduplicated and audited', async () => {
    const p = await provider('al-thresholds');
    const url = `${p.base}/plans/${p.planId}/alert-thresholds`;
    expect((await p.client.get(url)).json().data).toEqual({ planId: p.planId, quotaPercents: [50, 80, 100] });

    const put = await p.client.call('PUT', url, { quotaPercents: [90, 75, 90] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().data.quotaPercents).toEqual([75, 90]);
    expect((await p.client.get(url)).json().data.quotaPercents).toEqual([75, 90]);
    const [audit] = await t.db.prisma.auditEvent.findMany({
      where: { tenantId: p.tenantId, action: 'plan.alert_thresholds_changed' },
    });
    expect(audit).toMatchObject({
      targetType: 'plan',
      targetId: p.planId,
      before: { quotaPercents: [50, 80, 100] },
      after: { quotaPercents: [75, 90] },
    });
    // [] turns the plan's alerts off.
    expect((await p.client.call('PUT', url, { quotaPercents: [] })).json().data.quotaPercents).toEqual([]);
  });

  it('thresholds.invalid: 0, over 1000, more than 10 or unknown fields are 422; nothing changes', async () => {
    const p = await provider('al-invalid');
    const url = `${p.base}/plans/${p.planId}/alert-thresholds`;
    for (const body of [
      { quotaPercents: [0] },
      { quotaPercents: [1001] },
      { quotaPercents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
      { quotaPercents: [80], spend: [1] },
    ]) {
      const response = await p.client.call('PUT', url, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json().code).toBe('validation_failed');
    }
    expect((await p.client.get(url)).json().data.quotaPercents).toEqual([50, 80, 100]);
  });

  it('thresholds.forbidden and not_found: a developer may read but not change; another tenant’s plan is 404', async () => {
    const p = await provider('al-perm');
    const url = `${p.base}/plans/${p.planId}/alert-thresholds`;
    const developer = await member(p.tenantId, 'developer', 'al-perm-dev');
    expect((await developer.get(url)).statusCode).toBe(200);
    const refused = await developer.call('PUT', url, { quotaPercents: [10] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');

    const other = await provider('al-perm-other');
    const foreign = await other.client.call('PUT', `${other.base}/plans/${p.planId}/alert-thresholds`, {
      quotaPercents: [10],
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('not_found');
    expect((await p.client.get(url)).json().data.quotaPercents).toEqual([50, 80, 100]);
  });
});

describe('alert banners', () => {
  it('alerts.ok: unresolved alerts are the banners of the console (GET /alerts) and of the consumer (activeAlertsFor)', async () => {
    const p = await provider('al-banner');
    const other = await provider('al-banner-other');
    // What the worker's alerts.evaluate writes: 80% fired and still true, 50% of last period resolved.
    const row = (threshold: number, resolved: boolean, tenant = p) => ({
      id: newId('alert'),
      tenantId: tenant.tenantId,
      subscriptionId: tenant.subscription.id,
      consumerId: tenant.consumerId,
      planId: tenant.planId,
      thresholdPercent: threshold,
      quota: 100,
      periodStart: new Date(resolved ? '2026-10-01T00:00:00Z' : '2026-11-01T00:00:00Z'),
      periodEnd: new Date(resolved ? '2026-11-01T00:00:00Z' : '2026-12-01T00:00:00Z'),
      usedCalls: 85,
      eventId: newId('event'),
      ...(resolved ? { resolvedAt: new Date(), resolvedReason: 'period_ended' } : {}),
    });
    await t.db.prisma.alertState.createMany({ data: [row(80, false), row(50, true), row(80, false, other)] });

    const active = await p.client.get(`${p.base}/alerts`);
    expect(active.statusCode, active.body).toBe(200);
    expect(active.json().data).toEqual([
      expect.objectContaining({
        thresholdPercent: 80,
        consumerId: p.consumerId,
        resolvedAt: null,
        usedCalls: 85,
      }),
    ]);
    const all = (await p.client.get(`${p.base}/alerts?state=all`)).json().data;
    expect(all.map((a: { thresholdPercent: number }) => a.thresholdPercent).sort()).toEqual([50, 80]);
    const viewer = await member(p.tenantId, 'viewer', 'al-banner-viewer');
    expect((await viewer.get(`${p.base}/alerts`)).json().data).toHaveLength(1);

    const banner = await t.app.get(AlertsService).activeAlertsFor(p.consumerId);
    expect(banner.map((a) => [a.thresholdPercent, a.subscriptionId])).toEqual([[80, p.subscription.id]]);
    expect(await t.app.get(AlertsService).activeAlertsFor('con_none')).toEqual([]);
  });
});
