import { addUtcMonths, redisKeys } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import {
  createMembership,
  createScenario,
  createSubscription,
  createUser,
  type Scenario,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsHarness,
  startNotificationsHarness,
  startReceiver,
} from '../testing/notifications.harness.js';
import { QuotaCounters } from './quota-counters.js';
import { QuotaPeriodsRepository } from './quota-periods.repository.js';
import { rebuildQuotaCounters } from './quota-rebuild.js';
import { ReconciliationFindings } from './reconciliation-findings.repository.js';
import { type ReconciliationFinding, reconcileUsage } from './usage-reconcile.js';

// The worker's notification wiring on a database and Redis prefix of this file's own.
let h: NotificationsHarness;
let prisma: PrismaClient;
let prefix: string;
let redis: Redis;
let periods: QuotaPeriodsRepository;
let counters: QuotaCounters;

const minuteMs = 60_000;
const hourMs = 3_600_000;
// The running period started 3 days ago on a whole minute (so the previous one ended within the
// counters' one-week retention); the previous one is a month before it.
const nowMs = Math.floor(Date.now() / minuteMs) * minuteMs;
const periodStart = nowMs - 3 * 24 * hourMs;
const periodEnd = addUtcMonths(new Date(periodStart), 1);
const previousStart = addUtcMonths(new Date(periodStart), -1);

beforeAll(async () => {
  h = await startNotificationsHarness();
  prisma = h.prisma;
  prefix = h.env.REDIS_PREFIX;
  redis = new Redis(h.env.REDIS_URL);
  periods = new QuotaPeriodsRepository(prisma);
  counters = new QuotaCounters(redis, prefix);
});

afterAll(async () => {
  redis?.disconnect();
  await h?.close();
});

/** A scenario whose subscription's recorded period is the running one. */
async function scenario(): Promise<Scenario> {
  const made = await createScenario(prisma);
  await prisma.subscription.update({
    where: { id: made.subscription.id },
    data: { currentPeriodStart: new Date(periodStart), currentPeriodEnd: new Date(periodEnd) },
  });
  return made;
}

/** Rollup rows of `calls` quota-counted calls each, at the given minutes. */
async function rollups(s: Scenario, minutes: number[], calls: number): Promise<void> {
  await prisma.usageRollup.createMany({
    data: minutes.map((minute, i) => ({
      tenantId: s.tenant.id,
      apiId: s.api.id,
      keyId: s.key.apiKey.id,
      routeId: `rte_${i}`,
      subscriptionId: s.subscription.id,
      minute: new Date(minute),
      statusClass: 2,
      calls,
      billableCalls: calls,
      quotaCalls: calls,
    })),
  });
}

const counterKey = (s: Scenario, start: number) => redisKeys.quota(prefix, s.subscription.id, start / 1000);

describe('quota rebuild', () => {
  it("restores a lost counter to the rollups' count of the running period only, and leaves it alone after", async () => {
    const s = await scenario();
    // 3 × 7 calls in the running period (its first minute included), 50 in the previous one, 9 before that.
    await rollups(s, [periodStart, periodStart + hourMs, nowMs - minuteMs], 7);
    await rollups(s, [periodStart - minuteMs], 50);
    await rollups(s, [previousStart - minuteMs], 9);
    await redis.del(counterKey(s, periodStart));

    const first = await rebuildQuotaCounters({ periods, counters, nowMs });
    expect(first.countersRaised).toBeGreaterThanOrEqual(1);
    expect(await redis.get(counterKey(s, periodStart))).toBe('21');
    const ttl = await redis.ttl(counterKey(s, periodStart));
    expect(ttl).toBeGreaterThan((periodEnd - nowMs) / 1000);

    // A second run, and a run after the gateway counted further, change nothing.
    await rebuildQuotaCounters({ periods, counters, nowMs });
    expect(await redis.get(counterKey(s, periodStart))).toBe('21');
    await redis.incrby(counterKey(s, periodStart), 5);
    await rebuildQuotaCounters({ periods, counters, nowMs });
    expect(await redis.get(counterKey(s, periodStart))).toBe('26');
  });

  it('ignores canceled subscriptions', async () => {
    const s = await scenario();
    await prisma.subscription.update({ where: { id: s.subscription.id }, data: { status: 'canceled' } });
    await rollups(s, [periodStart + minuteMs], 4);
    await rebuildQuotaCounters({ periods, counters, nowMs });
    expect(await redis.exists(counterKey(s, periodStart))).toBe(0);
  });
});

describe('usage reconciliation', () => {
  const graceMs = hourMs;

  async function reconcile(
    findings = new ReconciliationFindings(prisma, null),
  ): Promise<ReconciliationFinding[]> {
    const { newFindings } = await reconcileUsage({
      periods,
      counters,
      findings,
      graceMs,
      nowMs,
    });
    return newFindings;
  }

  it('raises a closed period whose gateway count differs from the rollups, once', async () => {
    const s = await scenario();
    await rollups(s, [previousStart, periodStart - minuteMs], 10);
    await redis.set(counterKey(s, previousStart), 23); // the gateway admitted 3 calls the rollups lack
    await redis.set(counterKey(s, periodStart), 0);

    const raised = (await reconcile()).filter((f) => f.subscriptionId === s.subscription.id);
    expect(raised).toEqual([
      {
        tenantId: s.tenant.id,
        subscriptionId: s.subscription.id,
        periodStart: previousStart,
        periodEnd: periodStart,
        kind: 'closed_period_mismatch',
        gatewayCount: 23,
        rollupCount: 20,
      },
    ]);
    expect((await reconcile()).filter((f) => f.subscriptionId === s.subscription.id)).toEqual([]);
    expect(
      await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM usage_reconciliation_findings WHERE subscription_id = ${s.subscription.id}`,
    ).toEqual([{ n: 1 }]);
  });

  it('accepts matching closed periods and a running period the rollups have not caught up with', async () => {
    const s = await scenario();
    await rollups(s, [previousStart + hourMs], 12);
    await rollups(s, [periodStart + hourMs], 5);
    await redis.set(counterKey(s, previousStart), 12);
    await redis.set(counterKey(s, periodStart), 8); // 3 calls still queued
    expect((await reconcile()).filter((f) => f.subscriptionId === s.subscription.id)).toEqual([]);
  });

  it('raises a running period whose rollups count more calls than the gateway admitted', async () => {
    const s = await scenario();
    await rollups(s, [periodStart + hourMs], 9);
    await redis.set(counterKey(s, periodStart), 4);
    const raised = (await reconcile()).filter((f) => f.subscriptionId === s.subscription.id);
    expect(raised.map((f) => [f.kind, f.gatewayCount, f.rollupCount])).toEqual([['rollups_ahead', 4, 9]]);
  });

  it('skips a previous period still inside the grace window', async () => {
    const made = await createScenario(prisma);
    // A running period that began 10 minutes ago: the previous one closed within the grace.
    const start = nowMs - 10 * minuteMs;
    const sub = await createSubscription(prisma, {
      consumerId: made.consumer.id,
      planId: made.plan.id,
      currentPeriodStart: new Date(start),
      currentPeriodEnd: new Date(addUtcMonths(new Date(start), 1)),
    });
    const previous = addUtcMonths(new Date(start), -1);
    await redis.set(redisKeys.quota(prefix, sub.id, previous / 1000), 99);
    expect((await reconcile()).filter((f) => f.subscriptionId === sub.id)).toEqual([]);
  });

  it('raises an injected difference as one signed webhook and one mail to the owners', async () => {
    const s = await scenario();
    const owner = await createUser(prisma);
    await createMembership(prisma, { userId: owner.id, tenantId: s.tenant.id, role: 'owner' });
    const receiver = await startReceiver();
    await h.createEndpoint(s.tenant.id, receiver.url, ['usage.reconciliation_mismatch']);
    await rollups(s, [previousStart + hourMs], 40);
    await redis.set(counterKey(s, previousStart), 41);
    await redis.set(counterKey(s, periodStart), 0);

    const findings = new ReconciliationFindings(prisma, h.notifications.events);
    expect((await reconcile(findings)).filter((f) => f.subscriptionId === s.subscription.id)).toHaveLength(1);
    await reconcile(findings);

    const [request] = await receiver.waitFor(1);
    expect(request?.headers['tollgate-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      type: 'usage.reconciliation_mismatch',
      tenantId: s.tenant.id,
      data: {
        subscriptionId: s.subscription.id,
        kind: 'closed_period_mismatch',
        gatewayCount: 41,
        rollupCount: 40,
      },
    });
    const mail = await h.sink.waitFor((m) => m.to.includes(owner.email));
    expect(mail.subject).toMatch(/reconciliation/i);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });
});
