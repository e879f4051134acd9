import { latencyPercentiles } from '@tollgate/contracts';
import type { UsageRow } from './usage.repository.js';
import {
  type Granularity,
  type StatusClass,
  statusClasses,
  type UsageBucket,
  type UsageDimension,
} from './usage.schemas.js';
import { dayMs, hourMs, minuteMs, type Source } from './usage-plan.js';

/** The coarsest table each granularity may read (a month is made of days). */
export const coarsestSource: Record<Granularity, Source> = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  month: 'day',
};

/** Most buckets per query: 48 hours of minutes, 90 days of hours, 3 years of days, 10 years of months. */
export const maxBuckets: Record<Granularity, number> = { minute: 2_880, hour: 2_160, day: 1_096, month: 120 };

/** Default window back from `to` when `from` is absent. */
export const defaultWindowMs: Record<Granularity, number> = {
  minute: 60 * minuteMs,
  hour: 24 * hourMs,
  day: 30 * dayMs,
  month: 365 * dayMs,
};

/** Start of the UTC minute, hour, day or calendar month holding `atMs`. */
export function floorTo(atMs: number, granularity: Granularity): number {
  if (granularity === 'month') {
    const at = new Date(atMs);
    return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  }
  const step = { minute: minuteMs, hour: hourMs, day: dayMs }[granularity];
  return Math.floor(atMs / step) * step;
}

/** Start of the bucket after the one starting at `startMs`. */
export function nextBucket(startMs: number, granularity: Granularity): number {
  if (granularity !== 'month') return startMs + { minute: minuteMs, hour: hourMs, day: dayMs }[granularity];
  const at = new Date(startMs);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
}

/** Bucket starts from `fromMs` (aligned) up to `toMs` (exclusive); stops counting past `max`. */
export function bucketStarts(fromMs: number, toMs: number, granularity: Granularity, max: number): number[] {
  const starts: number[] = [];
  for (let t = fromMs; t < toMs && starts.length <= max; t = nextBucket(t, granularity)) starts.push(t);
  return starts;
}

const round3 = (value: number | null) => (value === null ? null : Math.round(value * 1_000) / 1_000);

const emptyByClass = (): Record<StatusClass, number> => ({
  '1xx': 0,
  '2xx': 0,
  '3xx': 0,
  '4xx': 0,
  '5xx': 0,
});

/** A row of the repository as an API bucket: group fields only for the grouped dimensions. */
export function toBucket(row: UsageRow, groupBy: readonly UsageDimension[]): UsageBucket {
  const histogram = { buckets: row.latency_buckets ?? [], counts: row.latency_counts ?? [] };
  const percentiles = latencyPercentiles(histogram);
  const orNull = (value: string) => (value === '' ? null : value);
  const byClass = emptyByClass();
  statusClasses.forEach((name, i) => {
    byClass[name] = row[`calls_${i + 1}xx` as keyof UsageRow] as number;
  });
  return {
    start: row.bucket.toISOString(),
    ...(groupBy.includes('api') ? { apiId: orNull(row.api_id) } : {}),
    ...(groupBy.includes('key') ? { keyId: orNull(row.key_id) } : {}),
    ...(groupBy.includes('route') ? { routeId: orNull(row.route_id) } : {}),
    ...(groupBy.includes('consumer') ? { consumerId: orNull(row.consumer_id) } : {}),
    ...(groupBy.includes('statusClass') ? { statusClass: `${row.status_class}xx` as StatusClass } : {}),
    calls: row.calls,
    billableCalls: row.billable_calls,
    quotaCalls: row.quota_calls,
    deniedCalls: row.denied_calls,
    callsByStatusClass: byClass,
    latency: {
      avgMs: row.calls > 0 ? round3(row.latency_ms_sum / row.calls) : null,
      p50Ms: round3(percentiles.p50),
      p95Ms: round3(percentiles.p95),
      p99Ms: round3(percentiles.p99),
    },
  };
}

/** An empty bucket, for the zero-filled series of an ungrouped query. */
export function emptyBucket(startMs: number): UsageBucket {
  return {
    start: new Date(startMs).toISOString(),
    calls: 0,
    billableCalls: 0,
    quotaCalls: 0,
    deniedCalls: 0,
    callsByStatusClass: emptyByClass(),
    latency: { avgMs: null, p50Ms: null, p95Ms: null, p99Ms: null },
  };
}
