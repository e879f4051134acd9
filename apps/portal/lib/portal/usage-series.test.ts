import { describe, expect, it } from 'vitest';
import type { UsageBucket, UsageResult } from './portal-types';
import { chartBuckets, formatMs, lineRuns, usageRange, usageTotals } from './usage-series';

const bucket = (start: string, fields: Partial<UsageBucket> = {}): UsageBucket => ({
  start,
  calls: 0,
  deniedCalls: 0,
  callsByStatusClass: {},
  latency: { avgMs: null, p50Ms: null, p95Ms: null, p99Ms: null },
  ...fields,
});

describe('portal usage series', () => {
  const now = new Date('2026-11-23T10:30:42.000Z');

  it('range.hour: 24 whole hours, the current one included', () => {
    const { from, to } = usageRange(now, 'hour');
    expect(from.toISOString()).toBe('2026-11-22T11:00:00.000Z');
    expect(to).toBe(now);
  });

  it('range.day: 30 whole UTC days, today included', () => {
    expect(usageRange(now, 'day').from.toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });

  it('buckets.ok: errors are 4xx plus 5xx, latency percentiles kept, sorted by start', () => {
    const result: UsageResult = {
      granularity: 'hour',
      from: '2026-11-23T09:00:00.000Z',
      to: '2026-11-23T10:30:42.000Z',
      data: [
        bucket('2026-11-23T10:00:00.000Z', {
          calls: 7,
          deniedCalls: 2,
          callsByStatusClass: { '2xx': 4, '4xx': 2, '5xx': 1 },
          latency: { avgMs: 10, p50Ms: 8, p95Ms: 20, p99Ms: 31.5 },
        }),
        bucket('2026-11-23T09:00:00.000Z'),
      ],
    };
    const buckets = chartBuckets(result);
    expect(buckets.map((b) => b.start.toISOString())).toEqual([
      '2026-11-23T09:00:00.000Z',
      '2026-11-23T10:00:00.000Z',
    ]);
    expect(buckets[1]).toMatchObject({ calls: 7, errors: 3, denied: 2, p50Ms: 8, p95Ms: 20, p99Ms: 31.5 });
    expect(buckets[0]).toMatchObject({ calls: 0, errors: 0, p50Ms: null });
    expect(usageTotals(buckets)).toEqual({ calls: 7, errors: 3, denied: 2 });
  });

  it('format.ms: rounds above 10 ms, one decimal below, a dash without calls', () => {
    expect(formatMs(123.4)).toBe('123 ms');
    expect(formatMs(1.44)).toBe('1.4 ms');
    expect(formatMs(2)).toBe('2 ms');
    expect(formatMs(null)).toBe('–');
  });

  it('runs.gaps: buckets without calls break a latency line into runs', () => {
    expect(lineRuns([null, 1, 2, null, null, 3])).toEqual([
      [
        { index: 1, value: 1 },
        { index: 2, value: 2 },
      ],
      [{ index: 5, value: 3 }],
    ]);
    expect(lineRuns([null, null])).toEqual([]);
  });
});
