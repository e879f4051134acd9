import type { UsageEvent } from '@tollgate/contracts';
import { HistogramBuilder } from '@tollgate/contracts';

/** One per-minute rollup increment: the sum of a batch's events that share its key. */
export interface RollupIncrement {
  tenantId: string;
  apiId: string;
  keyId: string;
  routeId: string;
  /** Not part of the key (a key belongs to one subscription); the first one seen is kept. */
  subscriptionId: string;
  /** Start of the minute (UTC), epoch milliseconds. */
  minuteMs: number;
  /** Hundreds digit of the status: 2 for 2xx … 5 for 5xx. */
  statusClass: number;
  calls: number;
  billableCalls: number;
  quotaCalls: number;
  deniedCalls: number;
  latencyMsSum: number;
  /** Sparse latency histogram (see @tollgate/contracts latency-histogram.ts): bucket indexes ascending, counts. */
  latencyBuckets: number[];
  latencyCounts: number[];
}

export interface AggregateOptions {
  /**
   * Events whose billing period is closed (late past grace): still counted as calls, with
   * their latency, but never as billable or quota calls, so a closed period does not change.
   */
  isLate?: (event: UsageEvent) => boolean;
}

const minuteMs = 60_000;

/** 2 for 2xx, 4 for 4xx…: the schema stores the hundreds digit. */
export function statusClassOf(status: number): number {
  return Math.floor(status / 100);
}

export function minuteOf(timestampMs: number): number {
  return Math.floor(timestampMs / minuteMs) * minuteMs;
}

/**
 * Sums a batch's events into one increment per rollup key, so a batch is one statement
 * and no key appears twice in it (Postgres refuses an upsert that touches a row twice).
 * The result is sorted by key so that concurrent batches lock rows in the same order.
 */
export function aggregateUsage(
  events: readonly UsageEvent[],
  options: AggregateOptions = {},
): RollupIncrement[] {
  const byKey = new Map<string, { sum: RollupIncrement; histogram: HistogramBuilder }>();
  for (const event of events) {
    const increment: RollupIncrement = {
      tenantId: event.tenantId,
      apiId: event.apiId ?? '',
      keyId: event.keyId ?? '',
      routeId: event.routeId ?? '',
      subscriptionId: event.subscriptionId ?? '',
      minuteMs: minuteOf(event.timestamp),
      statusClass: statusClassOf(event.status),
      calls: 0,
      billableCalls: 0,
      quotaCalls: 0,
      deniedCalls: 0,
      latencyMsSum: 0,
      latencyBuckets: [],
      latencyCounts: [],
    };
    const key = rollupKey(increment);
    const entry = byKey.get(key) ?? { sum: increment, histogram: new HistogramBuilder() };
    const { sum } = entry;
    if (sum.subscriptionId === '' && event.subscriptionId) sum.subscriptionId = event.subscriptionId;
    const late = options.isLate?.(event) ?? false;
    sum.calls += 1;
    if (event.billable && !late) sum.billableCalls += 1;
    if (event.quotaCounted && !late) sum.quotaCalls += 1;
    if (event.denyCode !== null) sum.deniedCalls += 1;
    sum.latencyMsSum += event.latencyMs;
    entry.histogram.add(event.latencyMs);
    byKey.set(key, entry);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { sum, histogram }]) => {
      const { buckets, counts } = histogram.toHistogram();
      return { ...sum, latencyBuckets: buckets, latencyCounts: counts };
    });
}

export function rollupKey(row: RollupIncrement): string {
  // Ids never contain a NUL, so joining with one cannot make two keys collide.
  const minute = row.minuteMs.toString().padStart(15, '0');
  return [minute, row.tenantId, row.apiId, row.keyId, row.routeId, row.statusClass].join('\u0000');
}
