import { type KeyRecord, type QuotaPeriod, quotaPeriodAt } from '@tollgate/contracts';

export type { QuotaPeriod };

/**
 * The period a request's quota counts in (`quotaPeriodAt` of @tollgate/contracts, which the
 * worker's quota rebuild and reconciliation share): the subscription's current billing period
 * from the key record, rolled forward by months once it has ended and the control plane has
 * not projected the next one yet; the UTC calendar month without one.
 * Parsed once per key record (a WeakMap), not per request; recomputed only when the cached
 * period has ended. The choice uses this process's clock: only a request within clock skew
 * of a period boundary can land in the neighbour.
 */
const cached = new WeakMap<
  KeyRecord,
  { recorded: { start: number; end: number } | null; period: QuotaPeriod }
>();

export function quotaPeriodFor(record: KeyRecord, nowMs: number): QuotaPeriod {
  let entry = cached.get(record);
  if (entry === undefined) {
    const raw = record.quotaPeriod;
    const recorded = raw ? { start: Date.parse(raw.start), end: Date.parse(raw.end) } : null;
    entry = { recorded, period: quotaPeriodAt(recorded, nowMs) };
    cached.set(record, entry);
  }
  const now = nowMs / 1000;
  if (now >= entry.period.start && now < entry.period.end) return entry.period;
  // Periods only move forward: remember the new one for this record.
  entry.period = quotaPeriodAt(entry.recorded, nowMs);
  return entry.period;
}
