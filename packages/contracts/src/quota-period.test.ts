import { describe, expect, it } from 'vitest';
import { addUtcMonths, quotaPeriodAt } from './quota-period.js';

const at = (iso: string) => Date.parse(iso);
const secs = (iso: string) => Date.parse(iso) / 1000;

describe('addUtcMonths', () => {
  it('adds calendar months, clamped to the last day of a shorter month', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(iso(addUtcMonths(new Date('2026-01-15T08:00:00Z'), 1))).toBe('2026-02-15T08:00:00.000Z');
    expect(iso(addUtcMonths(new Date('2026-01-31T08:00:00Z'), 1))).toBe('2026-02-28T08:00:00.000Z');
    expect(iso(addUtcMonths(new Date('2026-12-31T00:00:00Z'), 1))).toBe('2027-01-31T00:00:00.000Z');
    expect(iso(addUtcMonths(new Date('2026-03-31T00:00:00Z'), -1))).toBe('2026-02-28T00:00:00.000Z');
  });
});

describe('quotaPeriodAt', () => {
  const recorded = { start: at('2026-03-15T10:00:00Z'), end: at('2026-04-15T10:00:00Z') };

  it('is the recorded period while it runs', () => {
    expect(quotaPeriodAt(recorded, at('2026-04-01T00:00:00Z'))).toEqual({
      start: secs('2026-03-15T10:00:00Z'),
      end: secs('2026-04-15T10:00:00Z'),
    });
  });

  it('rolls forward by whole months from the anchor once the recorded one has ended', () => {
    expect(quotaPeriodAt(recorded, at('2026-05-20T00:00:00Z'))).toEqual({
      start: secs('2026-05-15T10:00:00Z'),
      end: secs('2026-06-15T10:00:00Z'),
    });
  });

  it('is the UTC calendar month without a usable recorded period', () => {
    const month = { start: secs('2026-02-01T00:00:00Z'), end: secs('2026-03-01T00:00:00Z') };
    expect(quotaPeriodAt(null, at('2026-02-10T12:00:00Z'))).toEqual(month);
    expect(quotaPeriodAt({ start: recorded.end, end: recorded.start }, at('2026-02-10T12:00:00Z'))).toEqual(
      month,
    );
  });
});
