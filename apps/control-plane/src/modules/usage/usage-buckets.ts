import type { MinuteCalls } from './usage.repository.js';
import type { Granularity, UsageBucket } from './usage.schemas.js';

const stepMs: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Most buckets one query may ask for (a week of minutes). */
export const maxBuckets = 7 * 24 * 60;

/** Start of the UTC minute, hour or day holding `at`. */
export function floorTo(at: Date, granularity: Granularity): Date {
  return new Date(Math.floor(at.getTime() / stepMs[granularity]) * stepMs[granularity]);
}

export function bucketCount(from: Date, to: Date, granularity: Granularity): number {
  const start = floorTo(from, granularity).getTime();
  return Math.max(0, Math.ceil((to.getTime() - start) / stepMs[granularity]));
}

/** Sums minute rows into buckets from `floor(from)` up to `to`, every bucket present (zeros included). */
export function toBuckets(
  rows: MinuteCalls[],
  from: Date,
  to: Date,
  granularity: Granularity,
): UsageBucket[] {
  const step = stepMs[granularity];
  const start = floorTo(from, granularity).getTime();
  const buckets: UsageBucket[] = [];
  for (let t = start; t < to.getTime(); t += step) {
    buckets.push({ start: new Date(t).toISOString(), calls: 0, errors: 0 });
  }
  for (const row of rows) {
    const bucket = buckets[Math.floor((row.minute.getTime() - start) / step)];
    if (!bucket) continue;
    bucket.calls += row.calls;
    if (row.statusClass >= 4) bucket.errors += row.calls;
  }
  return buckets;
}
