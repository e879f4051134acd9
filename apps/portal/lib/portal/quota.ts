import type { UsageAlert } from '../api-types';
import type { Quota } from './portal-types';

const count = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return count.format(value);
}

export type QuotaTone = 'ok' | 'warning' | 'exceeded';

/** How full the period's quota is: `percent` may pass 100; the bar stops at 100. */
export function quotaShare(quota: Quota): { percent: number; barPercent: number; tone: QuotaTone } {
  const percent = quota.limit > 0 ? (quota.used / quota.limit) * 100 : 100;
  const tone: QuotaTone = percent >= 100 ? 'exceeded' : percent >= 80 ? 'warning' : 'ok';
  return { percent, barPercent: Math.min(100, percent), tone };
}

/** Whole percents, but never 0 % for a period that has calls nor 100 % before the quota is all used. */
export function formatPercent(percent: number): string {
  const rounded = percent > 0 && percent < 1 ? 1 : percent > 99 && percent < 100 ? 99 : Math.round(percent);
  return `${rounded}%`;
}

function day(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The banner of one unresolved alert, in plain words. */
export function alertText(
  alert: Pick<UsageAlert, 'thresholdPercent' | 'usedCalls' | 'quota' | 'periodEnd'>,
): string {
  const reached = `You have reached ${alert.thresholdPercent}% of your monthly quota`;
  const used = `${formatCount(alert.usedCalls)} of ${formatCount(alert.quota)} calls`;
  const after =
    alert.thresholdPercent >= 100
      ? 'Further calls are refused until the period ends'
      : 'Calls beyond the quota will be refused';
  return `${reached}: ${used} in the period ending ${day(alert.periodEnd)}. ${after}.`;
}

/** The alert the banner shows: the highest threshold reached (later thresholds repeat the earlier ones). */
export function bannerAlert<A extends Pick<UsageAlert, 'thresholdPercent'>>(alerts: A[]): A | null {
  return alerts.reduce<A | null>(
    (top, alert) => (top === null || alert.thresholdPercent > top.thresholdPercent ? alert : top),
    null,
  );
}
