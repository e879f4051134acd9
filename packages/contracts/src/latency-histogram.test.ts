import { describe, expect, it } from 'vitest';
import {
  bucketCount,
  bucketOf,
  bucketValue,
  histogramOf,
  latencyPercentiles,
  latencyQuantile,
  maxBucket,
  maxTrackedMs,
  mergeHistograms,
  minBucket,
} from './latency-histogram.js';

/** Deterministic PRNG (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The exact quantile the histogram approximates: the latency of rank ⌊q·(n−1)⌋. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

const distributions: Record<string, (next: () => number) => number> = {
  // Typical API latencies: log-normal around 20 ms.
  logNormal: (next) =>
    Math.exp(Math.log(20) + 1.2 * Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next())),
  uniformWide: (next) => 0.05 + next() * 30_000,
  // Mostly fast with a slow tail (cache hits and misses).
  bimodal: (next) => (next() < 0.9 ? 1 + next() * 4 : 800 + next() * 4_000),
  exponential: (next) => -Math.log(1 - next()) * 150,
};

describe('latency histogram', () => {
  it('keeps p50, p95 and p99 within 10% of the exact percentiles over random samples', () => {
    let worst = 0;
    for (const [name, draw] of Object.entries(distributions)) {
      for (const [seed, size] of [
        [1, 10],
        [2, 101],
        [3, 1_000],
        [4, 20_000],
      ] as const) {
        const next = random(seed * 7919 + name.length);
        const sample = Array.from({ length: size }, () => draw(next));
        const sorted = [...sample].sort((a, b) => a - b);
        const histogram = histogramOf(sample);
        for (const q of [0.5, 0.95, 0.99]) {
          const exact = exactQuantile(sorted, q);
          const estimate = latencyQuantile(histogram, q) as number;
          const error = Math.abs(estimate - exact) / exact;
          worst = Math.max(worst, error);
          expect(error, `${name} n=${size} q=${q}`).toBeLessThanOrEqual(0.1);
        }
      }
    }
    // The design bound is 5% (α); 10% is the contract.
    expect(worst).toBeLessThanOrEqual(0.0501);
  });

  it('gives the same percentiles from merged per-minute histograms as from one histogram', () => {
    const next = random(42);
    const minutes = Array.from({ length: 60 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 50) }, () => distributions.logNormal?.(next) ?? 1),
    );
    const merged = mergeHistograms(minutes.map((latencies) => histogramOf(latencies)));
    expect(merged).toEqual(histogramOf(minutes.flat()));
    expect(latencyPercentiles(merged)).toEqual(latencyPercentiles(histogramOf(minutes.flat())));
  });

  it('bounds every latency within 5% of its bucket value inside the tracked range', () => {
    for (const latency of [0.011, 0.5, 1, 9.99, 10, 10.01, 123.456, 5_000, 599_999]) {
      const value = bucketValue(bucketOf(latency));
      expect(Math.abs(value - latency) / latency).toBeLessThanOrEqual(0.0501);
    }
  });

  it('clamps zero, tiny and huge latencies into the end buckets', () => {
    expect(bucketOf(0)).toBe(minBucket);
    expect(bucketOf(0.001)).toBe(minBucket);
    expect(bucketOf(maxTrackedMs * 10)).toBe(maxBucket);
    expect(bucketCount).toBe(180);
  });

  it('answers null for an empty histogram', () => {
    expect(latencyPercentiles({ buckets: [], counts: [] })).toEqual({ p50: null, p95: null, p99: null });
  });
});
