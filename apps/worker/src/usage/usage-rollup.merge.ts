import { HistogramBuilder } from '@tollgate/contracts';
import { type RollupIncrement, rollupKey } from './usage-rollup.aggregate.js';

/**
 * Adds up the increments of several batches written in one transaction: one increment per
 * rollup key (an upsert may touch a row once), histograms merged, sorted by key like
 * `aggregateUsage` so every transaction locks rows in the same order.
 */
export function mergeIncrements(batches: ReadonlyArray<readonly RollupIncrement[]>): RollupIncrement[] {
  if (batches.length === 1) return [...(batches[0] ?? [])];
  const byKey = new Map<string, { sum: RollupIncrement; histogram: HistogramBuilder }>();
  for (const increments of batches) {
    for (const increment of increments) {
      const key = rollupKey(increment);
      const entry = byKey.get(key);
      const histogram = { buckets: increment.latencyBuckets, counts: increment.latencyCounts };
      if (entry === undefined) {
        byKey.set(key, { sum: { ...increment }, histogram: new HistogramBuilder().addHistogram(histogram) });
        continue;
      }
      const { sum } = entry;
      if (sum.subscriptionId === '') sum.subscriptionId = increment.subscriptionId;
      sum.calls += increment.calls;
      sum.billableCalls += increment.billableCalls;
      sum.quotaCalls += increment.quotaCalls;
      sum.deniedCalls += increment.deniedCalls;
      sum.latencyMsSum += increment.latencyMsSum;
      entry.histogram.addHistogram(histogram);
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { sum, histogram }]) => {
      const { buckets, counts } = histogram.toHistogram();
      return { ...sum, latencyBuckets: buckets, latencyCounts: counts };
    });
}
