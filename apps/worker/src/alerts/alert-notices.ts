import type { TenantEvent } from '../webhooks/tenant-events.js';
import type { ResolveReason } from './alert-rules.js';
import type { AlertRow, LiveSubscription } from './alerts.repository.js';

export const thresholdCrossedEvent = 'usage.threshold_crossed';
export const thresholdResolvedEvent = 'usage.threshold_resolved';

const day = (at: Date) => at.toISOString().slice(0, 10);

/** `usage.threshold_crossed`: webhooks, and mail to the provider's owners/admins and to the consumer. */
export function crossedNotice(
  alert: AlertRow,
  subscription: LiveSubscription,
  at: Date,
  portalUrl: string,
): TenantEvent {
  const { thresholdPercent: t, quota, usedCalls } = alert;
  const figures = `${usedCalls.toLocaleString('en-US')} of ${quota.toLocaleString('en-US')} calls`;
  const period = `the period ${day(alert.periodStart)} to ${day(alert.periodEnd)} (UTC)`;
  return {
    tenantId: alert.tenantId,
    id: alert.eventId,
    type: thresholdCrossedEvent,
    createdAt: at,
    data: { ...alertData(alert), used: usedCalls },
    mail: {
      toProviderAdmins: true,
      subject: `Usage alert: ${subscription.consumerName} reached ${t}% of the ${subscription.planName} quota`,
      text: [
        `${subscription.consumerName} (${alert.consumerId}) has used ${figures} in ${period}: ${t}% of the quota of the ${subscription.planName} plan.`,
        '',
        `Subscription: ${alert.subscriptionId}`,
        `Console: ${portalUrl}`,
      ].join('\n'),
      toConsumer: {
        consumerId: alert.consumerId,
        subject: `You have used ${t}% of your ${subscription.planName} quota`,
        text: [
          `You have used ${figures} in ${period}: ${t}% of your ${subscription.planName} plan's quota.`,
          t >= 100
            ? 'Further calls are refused with quota_exceeded until the next period, unless you move to a larger plan.'
            : 'Calls beyond the quota will be refused with quota_exceeded until the next period.',
          '',
          `Developer portal: ${portalUrl}`,
        ].join('\n'),
      },
    },
  };
}

/** `usage.threshold_resolved`: webhooks only (the banner goes; no mail for good news). */
export function resolvedNotice(
  alert: AlertRow,
  reason: ResolveReason,
  eventId: string,
  at: Date,
): TenantEvent {
  return {
    tenantId: alert.tenantId,
    id: eventId,
    type: thresholdResolvedEvent,
    createdAt: at,
    data: { ...alertData(alert), reason, crossedEventId: alert.eventId },
  };
}

function alertData(alert: AlertRow): Record<string, unknown> {
  return {
    alertId: alert.id,
    subscriptionId: alert.subscriptionId,
    consumerId: alert.consumerId,
    planId: alert.planId,
    threshold: alert.thresholdPercent,
    quota: alert.quota,
    periodStart: alert.periodStart.toISOString(),
    periodEnd: alert.periodEnd.toISOString(),
  };
}
