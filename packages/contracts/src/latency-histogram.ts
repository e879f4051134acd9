/**
 * Latency histogram in log-spaced buckets (as in DDSketch): bucket `i` holds latencies in
 * (gamma^(i-1), gamma^i] ms and reports the value 2·gamma^i/(gamma+1), which is within
 * `relativeAccuracy` (5%) of every latency in it. Histograms are sparse (only non-empty
 * buckets, ascending), merge by adding counts of equal buckets, so per-minute rollups can be
 * summed into hours, days or any period, in SQL or here, and percentiles read off the sum.
 *
 * Shared by the worker (which builds them) and the control plane (which reads percentiles).
 * The bucket indexes are part of the stored data (usage_rollups* latency_buckets): changing
 * `relativeAccuracy` or the range needs a data migration.
 */
export const relativeAccuracy = 0.05;
export const gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
const logGamma = Math.log(gamma);

/** Latencies at or below this (including 0) share the lowest bucket. */
export const minTrackedMs = 0.01;
/** Latencies at or above this (10 min) share the highest bucket. */
export const maxTrackedMs = 600_000;
export const minBucket = Math.ceil(Math.log(minTrackedMs) / logGamma);
export const maxBucket = Math.ceil(Math.log(maxTrackedMs) / logGamma);
/** Number of possible buckets (180 with the values above). */
export const bucketCount = maxBucket - minBucket + 1;

export interface LatencyHistogram {
  /** Bucket indexes, ascending, no duplicates. */
  buckets: number[];
  /** `counts[i]` latencies fell in `buckets[i]`; always > 0. */
  counts: number[];
}

export function bucketOf(latencyMs: number): number {
  if (!(latencyMs > minTrackedMs)) return minBucket; // also NaN
  if (latencyMs >= maxTrackedMs) return maxBucket;
  return Math.min(maxBucket, Math.max(minBucket, Math.ceil(Math.log(latencyMs) / logGamma)));
}

/** The value a bucket reports: the middle, in relative terms, of (gamma^(i-1), gamma^i]. */
export function bucketValue(bucket: number): number {
  return (2 * gamma ** bucket) / (gamma + 1);
}

/** Counts by bucket, built up one latency at a time; `toHistogram` gives the sparse form. */
export class HistogramBuilder {
  private readonly counts = new Map<number, number>();

  add(latencyMs: number, count = 1): this {
    const bucket = bucketOf(latencyMs);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
    return this;
  }

  addHistogram(histogram: LatencyHistogram): this {
    histogram.buckets.forEach((bucket, i) => {
      this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + (histogram.counts[i] ?? 0));
    });
    return this;
  }

  toHistogram(): LatencyHistogram {
    const buckets = [...this.counts.keys()].sort((a, b) => a - b);
    return { buckets, counts: buckets.map((bucket) => this.counts.get(bucket) ?? 0) };
  }
}

export function histogramOf(latenciesMs: Iterable<number>): LatencyHistogram {
  const builder = new HistogramBuilder();
  for (const latency of latenciesMs) builder.add(latency);
  return builder.toHistogram();
}

export function mergeHistograms(histograms: Iterable<LatencyHistogram>): LatencyHistogram {
  const builder = new HistogramBuilder();
  for (const histogram of histograms) builder.addHistogram(histogram);
  return builder.toHistogram();
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of the histogram's latencies, or null when it is empty: the
 * value of the bucket that holds the latency of rank ⌊q·(n−1)⌋ (0-based, ascending), so it
 * is within 5% of that exact latency (inside the tracked range).
 */
export function latencyQuantile(histogram: LatencyHistogram, q: number): number | null {
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.floor(Math.min(1, Math.max(0, q)) * (total - 1));
  let seen = 0;
  for (let i = 0; i < histogram.buckets.length; i++) {
    seen += histogram.counts[i] ?? 0;
    if (seen > rank) return bucketValue(histogram.buckets[i] ?? minBucket);
  }
  return bucketValue(histogram.buckets.at(-1) ?? maxBucket);
}

/** p50, p95 and p99 in ms (null when the histogram is empty). */
export function latencyPercentiles(histogram: LatencyHistogram): {
  p50: number | null;
  p95: number | null;
  p99: number | null;
} {
  return {
    p50: latencyQuantile(histogram, 0.5),
    p95: latencyQuantile(histogram, 0.95),
    p99: latencyQuantile(histogram, 0.99),
  };
}
