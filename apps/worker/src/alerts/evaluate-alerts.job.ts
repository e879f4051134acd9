import { type alertsEvaluateJob, newId } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import type { JobHandler } from '../jobs/job-processor.js';
import type { QuotaPeriodsRepository } from '../quota/quota-periods.repository.js';
import { currentPeriod } from '../quota/quota-rebuild.js';
import type { RecordedEvent, TenantEvents } from '../webhooks/tenant-events.js';
import { crossedNotice, resolvedNotice } from './alert-notices.js';
import { type ActiveAlert, type AlertSubject, decideAlerts } from './alert-rules.js';
import type { AlertRow, AlertsRepository, LiveSubscription } from './alerts.repository.js';

export interface EvaluateAlertsJobOptions {
  prisma: PrismaClient;
  repository: AlertsRepository;
  /** Sums the rollups' quota calls per period, as the quota rebuild and reconciliation do. */
  periods: Pick<QuotaPeriodsRepository, 'quotaCalls'>;
  events: TenantEvents;
  /** Links in the mail point there. */
  portalUrl: string;
  now?: () => number;
}

export interface EvaluateAlertsResult {
  subscriptions: number;
  fired: number;
  resolved: number;
  /** Deliveries queued again by the sweeper. */
  requeued: number;
}

/**
 * `alerts.evaluate` (every minute, and soon after rollups): each live subscription's quota
 * calls in its current period (the gateway's period, `quotaPeriodAt`) against its plan's
 * thresholds. A threshold fires `usage.threshold_crossed` once per (subscription, period, quota,
 * threshold): the alert row's unique key decides, so reruns and concurrent runs fire nothing
 * twice. An alert resolves (`usage.threshold_resolved`) when it no longer holds: a new period,
 * another quota (an upgrade), a removed threshold, or the subscription gone. Each alert row and
 * its event's deliveries commit together; the jobs are queued after the commit (the sweeper
 * re-queues any stranded by a crash in between).
 */
export function createEvaluateAlertsJob(
  options: EvaluateAlertsJobOptions,
): JobHandler<typeof alertsEvaluateJob> {
  const now = options.now ?? Date.now;
  const { repository, events } = options;
  return async (_payload, { logger }): Promise<EvaluateAlertsResult> => {
    const nowMs = now();
    const at = new Date(nowMs);
    const live = (await repository.liveSubscriptions()).map((subscription) => {
      const period = currentPeriod(
        subscription.id,
        { start: subscription.currentPeriodStart.getTime(), end: subscription.currentPeriodEnd.getTime() },
        nowMs,
      );
      return { subscription, period, start: new Date(period.start), end: new Date(period.end) };
    });
    const limited = live.filter((l) => l.subscription.quota !== null);
    const calls = await options.periods.quotaCalls(limited.map((l) => l.period));
    const used = new Map(limited.map((l, i) => [l.subscription.id, calls[i] ?? 0]));
    const activeBySubscription = new Map<string, AlertRow[]>();
    for (const alert of await repository.activeAlerts()) {
      activeBySubscription.set(alert.subscriptionId, [
        ...(activeBySubscription.get(alert.subscriptionId) ?? []),
        alert,
      ]);
    }
    const liveById = new Map(live.map((l) => [l.subscription.id, l]));
    const result: EvaluateAlertsResult = { subscriptions: live.length, fired: 0, resolved: 0, requeued: 0 };

    for (const subscriptionId of new Set([...liveById.keys(), ...activeBySubscription.keys()])) {
      const current = liveById.get(subscriptionId);
      const active = activeBySubscription.get(subscriptionId) ?? [];
      const subject: AlertSubject | null = current
        ? {
            quota: current.subscription.quota,
            thresholds: current.subscription.thresholds,
            periodStart: current.start,
            used: used.get(subscriptionId) ?? 0,
          }
        : null;
      const decision = decideAlerts(subject, active satisfies ActiveAlert[]);
      if (decision.reached.length === 0 && decision.resolve.length === 0) continue;

      const recorded: RecordedEvent[] = [];
      await options.prisma.$transaction(async (tx) => {
        for (const resolution of decision.resolve) {
          const alert = active.find((a) => a.id === resolution.id) as AlertRow;
          const eventId = newId('event');
          if (await repository.resolveAlert(tx, alert.id, { reason: resolution.reason, eventId, at })) {
            recorded.push(await events.record(tx, resolvedNotice(alert, resolution.reason, eventId, at)));
            result.resolved += 1;
          }
        }
        if (!current || !subject || subject.quota === null) return;
        for (const threshold of decision.reached) {
          const alert = newAlert(current.subscription, current, threshold, subject.quota, subject.used);
          if (await repository.insertAlert(tx, alert, at)) {
            recorded.push(
              await events.record(tx, crossedNotice(alert, current.subscription, at, options.portalUrl)),
            );
            result.fired += 1;
          }
        }
      });
      for (const event of recorded) await events.send(event);
    }

    result.requeued = await events.requeueStranded();
    if (result.fired + result.resolved + result.requeued > 0) logger.info(result, 'usage alerts evaluated');
    return result;
  };
}

function newAlert(
  subscription: LiveSubscription,
  period: { start: Date; end: Date },
  threshold: number,
  quota: number,
  used: number,
): AlertRow {
  return {
    id: newId('alert'),
    tenantId: subscription.tenantId,
    subscriptionId: subscription.id,
    consumerId: subscription.consumerId,
    planId: subscription.planId,
    thresholdPercent: threshold,
    quota,
    periodStart: period.start,
    periodEnd: period.end,
    usedCalls: used,
    eventId: newId('event'),
  };
}
