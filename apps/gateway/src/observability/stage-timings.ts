import { Histogram } from './histogram.js';

/**
 * Per-stage durations of the pipeline, process-wide: `lap` is called with each stage's
 * result as the chain runs, records the time since the previous lap into that stage's
 * fixed histogram and hands the result back, so timing a stage costs one
 * `performance.now()`, one map lookup and a bucket scan, with no allocation per request.
 */

/** Milliseconds: stages are mostly microseconds; proxy includes the upstream. */
export const stageBucketsMs = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000, 5000,
];

export const stageHistograms = new Map<string, Histogram>();

/** What `lap` reads and writes on the request context. */
export interface Lapped {
  /** `performance.now()` of the previous lap (the request's start before the first stage). */
  lapAt: number;
}

export function lap<T>(ctx: Lapped, stage: string, result: T): T {
  const now = performance.now();
  let histogram = stageHistograms.get(stage);
  if (histogram === undefined) {
    histogram = new Histogram(stageBucketsMs);
    stageHistograms.set(stage, histogram);
  }
  histogram.observe(now - ctx.lapAt);
  ctx.lapAt = now;
  return result;
}
