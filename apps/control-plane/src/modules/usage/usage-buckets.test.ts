import { describe, expect, it } from 'vitest';
import { bucketCount, floorTo, toBuckets } from './usage-buckets.js';

describe('usage buckets', () => {
  it('floors to the UTC minute, hour and day', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    expect(floorTo(at, 'minute').toISOString()).toBe('2026-03-04T05:06:00.000Z');
    expect(floorTo(at, 'hour').toISOString()).toBe('2026-03-04T05:00:00.000Z');
    expect(floorTo(at, 'day').toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });

  it('counts the partial first and last buckets', () => {
    expect(bucketCount(new Date('2026-01-01T10:00:30Z'), new Date('2026-01-01T10:02:01Z'), 'minute')).toBe(3);
  });

  it('sums into buckets, counting 4xx and 5xx as errors and dropping rows outside the window', () => {
    const buckets = toBuckets(
      [
        { minute: new Date('2026-01-01T10:00:00Z'), statusClass: 2, calls: 3 },
        { minute: new Date('2026-01-01T10:59:00Z'), statusClass: 4, calls: 2 },
        { minute: new Date('2026-01-01T11:00:00Z'), statusClass: 5, calls: 1 },
        { minute: new Date('2026-01-01T12:00:00Z'), statusClass: 2, calls: 100 },
      ],
      new Date('2026-01-01T10:15:00Z'),
      new Date('2026-01-01T12:00:00Z'),
      'hour',
    );
    expect(buckets).toEqual([
      { start: '2026-01-01T10:00:00.000Z', calls: 5, errors: 2 },
      { start: '2026-01-01T11:00:00.000Z', calls: 1, errors: 1 },
    ]);
  });
});
