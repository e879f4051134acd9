import { describe, expect, it } from 'vitest';
import { fillMinutes, totalCalls, usageWindow } from './usage-series';

describe('usage series', () => {
  const now = new Date('2026-11-23T10:30:42.000Z');

  it('window.ok: starts 59 whole minutes before the current minute', () => {
    const { from, to } = usageWindow(now);
    expect(from.toISOString()).toBe('2026-11-23T09:31:00.000Z');
    expect(to).toBe(now);
  });

  it('fill.ok: one bucket per minute, zero where nothing was sent', () => {
    const buckets = fillMinutes(
      [
        { start: '2026-11-23T09:31:00.000Z', calls: 3, errors: 1 },
        { start: '2026-11-23T10:30:00.000Z', calls: 4, errors: 0 },
      ],
      usageWindow(now),
    );
    expect(buckets).toHaveLength(60);
    expect(buckets[0]).toMatchObject({ calls: 3, errors: 1 });
    expect(buckets[1]).toMatchObject({ calls: 0, errors: 0 });
    expect(buckets[59]).toMatchObject({ calls: 4 });
    expect(totalCalls(buckets)).toBe(7);
  });

  it('fill.outside-window: points outside the hour are not counted', () => {
    const buckets = fillMinutes(
      [{ start: '2026-11-23T08:00:00.000Z', calls: 9, errors: 0 }],
      usageWindow(now),
    );
    expect(totalCalls(buckets)).toBe(0);
  });

  it('fill.duplicates: two points in one minute add up', () => {
    const buckets = fillMinutes(
      [
        { start: '2026-11-23T10:30:00.000Z', calls: 1, errors: 0 },
        { start: '2026-11-23T10:30:00.000Z', calls: 2, errors: 1 },
      ],
      usageWindow(now),
    );
    expect(buckets[59]).toMatchObject({ calls: 3, errors: 1 });
  });
});
