import type { UsageBucket, UsageGranularity, UsageResult } from './portal-types';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** How far back each chart looks: 24 hours by the hour, 30 days by the (UTC) day, current bucket included. */
export const usageWindows: Record<UsageGranularity, { stepMs: number; buckets: number; label: string }> = {
  hour: { stepMs: hourMs, buckets: 24, label: 'last 24 hours' },
  day: { stepMs: dayMs, buckets: 30, label: 'last 30 days' },
};

/** The query range: whole buckets back from the one holding `now` (buckets are UTC, as the API's). */
export function usageRange(now: Date, granularity: UsageGranularity): { from: Date; to: Date } {
  const { stepMs, buckets } = usageWindows[granularity];
  const current = Math.floor(now.getTime() / stepMs) * stepMs;
  return { from: new Date(current - (buckets - 1) * stepMs), to: now };
}

export interface ChartBucket {
  start: Date;
  calls: number;
  /** Answers in 4xx or 5xx, the gateway's refusals included. */
  errors: number;
  denied: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

function errorsOf(bucket: UsageBucket): number {
  return (bucket.callsByStatusClass['4xx'] ?? 0) + (bucket.callsByStatusClass['5xx'] ?? 0);
}

/** The API answers every bucket of the range (empty ones too): one chart bucket each, in order. */
export function chartBuckets(result: UsageResult): ChartBucket[] {
  return result.data
    .map((bucket) => ({
      start: new Date(bucket.start),
      calls: bucket.calls,
      errors: errorsOf(bucket),
      denied: bucket.deniedCalls,
      p50Ms: bucket.latency.p50Ms,
      p95Ms: bucket.latency.p95Ms,
      p99Ms: bucket.latency.p99Ms,
    }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

export function usageTotals(buckets: ChartBucket[]): { calls: number; errors: number; denied: number } {
  return buckets.reduce(
    (sum, bucket) => ({
      calls: sum.calls + bucket.calls,
      errors: sum.errors + bucket.errors,
      denied: sum.denied + bucket.denied,
    }),
    { calls: 0, errors: 0, denied: 0 },
  );
}

/** `12 ms`, `1.4 ms`, or an en dash where the bucket had no calls. */
export function formatMs(value: number | null): string {
  if (value === null) return '–';
  return `${value >= 10 ? Math.round(value) : Number(value.toFixed(1))} ms`;
}

/** A line's drawable runs: consecutive buckets with a value; a bucket without calls breaks the line. */
export function lineRuns(values: (number | null)[]): { index: number; value: number }[][] {
  const runs: { index: number; value: number }[][] = [];
  let run: { index: number; value: number }[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ index, value });
  });
  if (run.length > 0) runs.push(run);
  return runs;
}
