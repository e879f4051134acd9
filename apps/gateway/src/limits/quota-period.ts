import type { KeyRecord } from '@tollgate/contracts';

/** A billing period in unix seconds, `[start, end)`. */
export interface QuotaPeriod {
  start: number;
  end: number;
}

/**
 * The period a request's quota counts in: the subscription's current billing period from
 * the key record; when it has none (older records), the calendar month in UTC; when it has
 * ended and the control plane has not projected the next one yet, the period rolled
 * forward by whole months from its start (as billing anchors do).
 * Parsed once per key record (a WeakMap), not per request. The choice uses this process's
 * clock: only a request within clock skew of a period boundary can land in the neighbour.
 */
const parsed = new WeakMap<KeyRecord, QuotaPeriod | null>();

export function quotaPeriodFor(record: KeyRecord, nowMs: number): QuotaPeriod {
  let period = parsed.get(record);
  if (period === undefined) {
    const raw = record.quotaPeriod;
    period = raw ? { start: Date.parse(raw.start) / 1000, end: Date.parse(raw.end) / 1000 } : null;
    if (period !== null && !(period.end > period.start)) period = null;
    parsed.set(record, period);
  }
  const now = nowMs / 1000;
  if (period === null) return calendarMonth(nowMs);
  if (now < period.end) return period;
  // Periods only move forward: remember the rolled one for this record.
  const rolled = rolledForward(period, nowMs);
  parsed.set(record, rolled);
  return rolled;
}

let month: QuotaPeriod = { start: 0, end: 0 };

/** The UTC calendar month around `nowMs` (cached until it ends). */
export function calendarMonth(nowMs: number): QuotaPeriod {
  const now = nowMs / 1000;
  if (now >= month.start && now < month.end) return month;
  const date = new Date(nowMs);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 1000;
  month = { start, end };
  return month;
}

function rolledForward(period: QuotaPeriod, nowMs: number): QuotaPeriod {
  const anchor = new Date(period.start * 1000);
  for (let months = 1; months < 1200; months++) {
    const start = addMonths(anchor, months - 1);
    const end = addMonths(anchor, months);
    if (nowMs >= start && nowMs < end) {
      return { start: start / 1000, end: end / 1000 };
    }
  }
  return calendarMonth(nowMs);
}

/** `date` plus `months`, the day clamped to the month's last (Jan 31 + 1 month = Feb 28/29). */
function addMonths(date: Date, months: number): number {
  const year = date.getUTCFullYear();
  const monthIndex = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    monthIndex,
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}
