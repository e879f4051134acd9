/** A billing period in unix seconds, `[start, end)`. */
export interface QuotaPeriod {
  start: number;
  end: number;
}

/** A quota counter is kept this long past its period, for reconciliation against the rollups. */
export const quotaCounterRetentionSeconds = 7 * 86_400;

/**
 * The quota period that contains `nowMs`, given a subscription's recorded period (ISO or
 * epoch-ms bounds): the recorded one while it runs; once it has ended and the next one is
 * not recorded yet, rolled forward by whole months from its start, as billing anchors do;
 * without a usable recorded period, the UTC calendar month. The gateway counts its quota in
 * this period and the worker rebuilds and reconciles the same one, so both agree on it.
 */
export function quotaPeriodAt(recorded: { start: number; end: number } | null, nowMs: number): QuotaPeriod {
  if (recorded === null || !(recorded.end > recorded.start)) return calendarMonthAt(nowMs);
  const now = nowMs / 1000;
  const period = { start: recorded.start / 1000, end: recorded.end / 1000 };
  if (now < period.end) return period;
  const anchor = new Date(recorded.start);
  for (let months = 1; months < 1200; months++) {
    const start = addUtcMonths(anchor, months - 1);
    const end = addUtcMonths(anchor, months);
    if (nowMs >= start && nowMs < end) return { start: start / 1000, end: end / 1000 };
  }
  return calendarMonthAt(nowMs);
}

/** The UTC calendar month around `nowMs`. */
export function calendarMonthAt(nowMs: number): QuotaPeriod {
  const date = new Date(nowMs);
  return {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000,
    end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000,
  };
}

/** `anchor` plus `months` calendar months (UTC), clamped to the month's last day; epoch ms. */
export function addUtcMonths(anchor: Date, months: number): number {
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(anchor.getUTCDate(), lastDay),
    anchor.getUTCHours(),
    anchor.getUTCMinutes(),
    anchor.getUTCSeconds(),
    anchor.getUTCMilliseconds(),
  );
}
