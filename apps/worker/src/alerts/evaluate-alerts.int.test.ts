import { alertsEvaluateJob, newId } from '@tollgate/contracts';
import {
  createConsumer,
  createMembership,
  createPlan,
  createSubscription,
  createTenant,
  createUser,
} from '@tollgate/testing';
import { verifyWebhook, type WebhookEvent } from '@tollgate/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import {
  type NotificationsHarness,
  type Receiver,
  startNotificationsHarness,
  startReceiver,
} from '../testing/notifications.harness.js';
import type { EvaluateAlertsResult } from './evaluate-alerts.job.js';

let h: NotificationsHarness;
let receiver: Receiver;
const logger = createLogger('silent');

beforeAll(async () => {
  h = await startNotificationsHarness();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

const evaluate = () =>
  h.notifications.handlers[alertsEvaluateJob](
    {},
    { jobId: 'test', attempt: 1, logger },
  ) as Promise<EvaluateAlertsResult>;

const monthStart = (months: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1));
};

/** A tenant with an owner, an endpoint taking every event, and a consumer subscribed to a plan of `quota` calls. */
async function setup(quota: number) {
  const tenant = await createTenant(h.prisma);
  const owner = await createUser(h.prisma);
  await createMembership(h.prisma, { userId: owner.id, tenantId: tenant.id, role: 'owner' });
  const viewer = await createUser(h.prisma);
  await createMembership(h.prisma, { userId: viewer.id, tenantId: tenant.id, role: 'viewer' });
  const plan = await createPlan(h.prisma, { tenantId: tenant.id, monthlyQuota: quota, name: 'Starter' });
  const consumer = await createConsumer(h.prisma, { tenantId: tenant.id });
  const subscription = await createSubscription(h.prisma, { consumerId: consumer.id, planId: plan.id });
  const endpoint = await h.createEndpoint(tenant.id, receiver.url);
  return { tenant, owner, viewer, plan, consumer, subscription, endpoint };
}

/** Quota calls of a subscription in the minute `at`, as the rollup job writes them. */
async function rollup(tenantId: string, subscriptionId: string, at: Date, quotaCalls: number) {
  await h.prisma.usageRollup.create({
    data: {
      tenantId,
      subscriptionId,
      keyId: newId('key'),
      minute: at,
      statusClass: 2,
      calls: quotaCalls,
      billableCalls: quotaCalls,
      quotaCalls,
    },
  });
}

/** The events the receiver got for `subscriptionId`, checked against the endpoint's secret. */
function eventsFor(subscriptionId: string, secret: string): WebhookEvent[] {
  return receiver.received
    .filter((r) => verifyWebhook(r.headers['tollgate-signature'] as string, r.body, [secret]).valid)
    .map((r) => JSON.parse(r.body) as WebhookEvent)
    .filter((e) => e.data.subscriptionId === subscriptionId);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('alerts.evaluate', () => {
  it('fires-once.ok: 80% of the quota fires 50 and 80 once, however often the evaluation runs; mail reaches owner and consumer', async () => {
    const s = await setup(100);
    // Last month's calls do not count in this period.
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() - 60_000), 500);
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() + 60_000), 50);
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() + 120_000), 30);

    const first = await evaluate();
    const second = await evaluate();
    expect(first.fired).toBeGreaterThanOrEqual(2);
    expect(second.fired).toBe(0);

    const alerts = await h.prisma.alertState.findMany({
      where: { subscriptionId: s.subscription.id },
      orderBy: { thresholdPercent: 'asc' },
    });
    expect(alerts.map((a) => [a.thresholdPercent, a.usedCalls, a.quota, a.resolvedAt])).toEqual([
      [50, 80, 100, null],
      [80, 80, 100, null],
    ]);

    await until(() => eventsFor(s.subscription.id, s.endpoint.secret).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = eventsFor(s.subscription.id, s.endpoint.secret);
    expect(events.map((e) => [e.type, e.data.threshold])).toEqual(
      expect.arrayContaining([
        ['usage.threshold_crossed', 50],
        ['usage.threshold_crossed', 80],
      ]),
    );
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.data.threshold === 80)?.data).toMatchObject({
      consumerId: s.consumer.id,
      planId: s.plan.id,
      quota: 100,
      used: 80,
      periodStart: monthStart(0).toISOString(),
      periodEnd: monthStart(1).toISOString(),
    });

    const toOwner = await h.sink.waitFor((m) => m.to.includes(s.owner.email) && m.subject.includes('80%'));
    expect(toOwner.text).toContain('80 of 100 calls');
    const toConsumer = await h.sink.waitFor(
      (m) => m.to.includes(s.consumer.email) && m.subject.includes('80%'),
    );
    expect(toConsumer.subject).toBe('You have used 80% of your Starter quota');
    // Viewers are not mailed; each threshold mails each recipient once.
    expect(h.sink.messages.filter((m) => m.to.includes(s.viewer.email))).toHaveLength(0);
    expect(h.sink.messages.filter((m) => m.to.includes(s.consumer.email))).toHaveLength(2);
  });

  it('resolves.new_period: a new period resolves the alerts once, with usage.threshold_resolved', async () => {
    const s = await setup(100);
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() + 60_000), 85);
    await evaluate();
    await until(() => eventsFor(s.subscription.id, s.endpoint.secret).length >= 2);

    // The billing period moves on (what the invoice run does at renewal).
    await h.prisma.subscription.update({
      where: { id: s.subscription.id },
      data: { currentPeriodStart: monthStart(1), currentPeriodEnd: monthStart(2) },
    });
    const run = await evaluate();
    expect(run.resolved).toBeGreaterThanOrEqual(2);
    expect((await evaluate()).resolved).toBe(0);

    const alerts = await h.prisma.alertState.findMany({ where: { subscriptionId: s.subscription.id } });
    expect(alerts.every((a) => a.resolvedAt !== null && a.resolvedReason === 'period_ended')).toBe(true);
    await until(() => eventsFor(s.subscription.id, s.endpoint.secret).length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const resolved = eventsFor(s.subscription.id, s.endpoint.secret).filter(
      (e) => e.type === 'usage.threshold_resolved',
    );
    expect(resolved.map((e) => [e.data.threshold, e.data.reason]).sort()).toEqual([
      [50, 'period_ended'],
      [80, 'period_ended'],
    ]);
  });

  it('resolves.upgrade: moving to a larger quota resolves the alerts and fires nothing new', async () => {
    const s = await setup(100);
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() + 60_000), 90);
    expect((await evaluate()).fired).toBeGreaterThanOrEqual(2);
    const larger = await h.prisma.planVersion.create({
      data: {
        id: newId('planVersion'),
        tenantId: s.tenant.id,
        planId: s.plan.id,
        version: 2,
        monthlyQuota: 1_000,
        apiIds: [],
      },
    });
    await h.prisma.subscription.update({
      where: { id: s.subscription.id },
      data: { planVersionId: larger.id },
    });
    await evaluate();
    const alerts = await h.prisma.alertState.findMany({ where: { subscriptionId: s.subscription.id } });
    expect(alerts.map((a) => [a.thresholdPercent, a.resolvedReason]).sort()).toEqual([
      [50, 'quota_changed'],
      [80, 'quota_changed'],
    ]);
    expect(alerts.every((a) => a.quota === 100)).toBe(true);
  });

  it('thresholds.plan: a plan’s own thresholds replace the defaults; [] turns alerts off', async () => {
    const s = await setup(100);
    await h.prisma.plan.update({ where: { id: s.plan.id }, data: { alertThresholdPercents: [90] } });
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() + 60_000), 89);
    await evaluate();
    expect(await h.prisma.alertState.count({ where: { subscriptionId: s.subscription.id } })).toBe(0);
    await rollup(s.tenant.id, s.subscription.id, new Date(monthStart(0).getTime() + 120_000), 1);
    await evaluate();
    const [alert] = await h.prisma.alertState.findMany({ where: { subscriptionId: s.subscription.id } });
    expect(alert?.thresholdPercent).toBe(90);

    const off = await setup(100);
    await h.prisma.plan.update({ where: { id: off.plan.id }, data: { alertThresholdPercents: [] } });
    await rollup(off.tenant.id, off.subscription.id, new Date(monthStart(0).getTime() + 60_000), 100);
    await evaluate();
    expect(await h.prisma.alertState.count({ where: { subscriptionId: off.subscription.id } })).toBe(0);
  });
});
