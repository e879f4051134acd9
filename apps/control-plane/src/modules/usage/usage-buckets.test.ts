import { describe, expect, it } from 'vitest';
import { bucketStarts, floorTo, nextBucket } from './usage-buckets.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('usage buckets', () => {
  it('floors to the UTC minute, hour, day and calendar month', () => {
    const at = Date.parse('2026-03-04T05:06:07.890Z');
    expect(iso(floorTo(at, 'minute'))).toBe('2026-03-04T05:06:00.000Z');
    expect(iso(floorTo(at, 'hour'))).toBe('2026-03-04T05:00:00.000Z');
    expect(iso(floorTo(at, 'day'))).toBe('2026-03-04T00:00:00.000Z');
    expect(iso(floorTo(at, 'month'))).toBe('2026-03-01T00:00:00.000Z');
  });

  it('steps months by the calendar (28, 29, 31 days) and across years', () => {
    expect(iso(nextBucket(Date.parse('2028-02-01T00:00:00Z'), 'month'))).toBe('2028-03-01T00:00:00.000Z');
    expect(iso(nextBucket(Date.parse('2026-12-01T00:00:00Z'), 'month'))).toBe('2027-01-01T00:00:00.000Z');
    expect(
      bucketStarts(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-03-15T00:00:00Z'), 'month', 10).map(
        iso,
      ),
    ).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  });

  it('counts the partial last bucket and stops one past the limit', () => {
    expect(
      bucketStarts(Date.parse('2026-01-01T10:00:00Z'), Date.parse('2026-01-01T10:02:01Z'), 'minute', 100),
    ).toHaveLength(3);
    expect(bucketStarts(0, 10 * 86_400_000, 'hour', 5)).toHaveLength(6);
  });
});
