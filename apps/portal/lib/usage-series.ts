import type { UsagePoint } from './api-types';

export const minuteMs = 60_000;

export interface MinuteBucket {
  start: Date;
  calls: number;
  errors: number;
}

/** The last `minutes` minutes, the current (partial) one included. */
export function usageWindow(now: Date, minutes = 60): { from: Date; to: Date } {
  const currentMinute = Math.floor(now.getTime() / minuteMs) * minuteMs;
  return { from: new Date(currentMinute - (minutes - 1) * minuteMs), to: now };
}

/** One bucket per minute of the window, zero where the control plane sent nothing. */
export function fillMinutes(points: UsagePoint[], window: { from: Date }, minutes = 60): MinuteBucket[] {
  const byMinute = new Map<number, UsagePoint>();
  for (const point of points) {
    const minute = Math.floor(Date.parse(point.start) / minuteMs) * minuteMs;
    const seen = byMinute.get(minute);
    byMinute.set(
      minute,
      seen ? { ...seen, calls: seen.calls + point.calls, errors: seen.errors + point.errors } : point,
    );
  }
  const first = window.from.getTime();
  return Array.from({ length: minutes }, (_, i) => {
    const start = first + i * minuteMs;
    const point = byMinute.get(start);
    return { start: new Date(start), calls: point?.calls ?? 0, errors: point?.errors ?? 0 };
  });
}

export function totalCalls(buckets: MinuteBucket[]): number {
  return buckets.reduce((sum, bucket) => sum + bucket.calls, 0);
}
