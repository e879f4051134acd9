import { calendarMonthAt as calendarMonth, type KeyRecord } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { keyRecordFixture } from '../test-support/fixtures.js';
import { quotaPeriodFor } from './quota-period.js';

const at = (iso: string) => Date.parse(iso);
const secs = (iso: string) => Date.parse(iso) / 1000;

function record(quotaPeriod: KeyRecord['quotaPeriod']): KeyRecord {
  return { ...keyRecordFixture(), quotaPeriod };
}

describe('quota period', () => {
  it("uses the subscription's billing period from the key record", () => {
    const period = quotaPeriodFor(
      record({ start: '2026-03-15T10:00:00.000Z', end: '2026-04-15T10:00:00.000Z' }),
      at('2026-03-20T00:00:00.000Z'),
    );
    expect(period).toEqual({
      start: secs('2026-03-15T10:00:00.000Z'),
      end: secs('2026-04-15T10:00:00.000Z'),
    });
  });

  it('falls back to the UTC calendar month without a period', () => {
    expect(quotaPeriodFor(record(undefined), at('2026-02-10T12:00:00.000Z'))).toEqual({
      start: secs('2026-02-01T00:00:00.000Z'),
      end: secs('2026-03-01T00:00:00.000Z'),
    });
    expect(quotaPeriodFor(record(null), at('2026-12-31T23:59:59.000Z'))).toEqual({
      start: secs('2026-12-01T00:00:00.000Z'),
      end: secs('2027-01-01T00:00:00.000Z'),
    });
    expect(calendarMonth(at('2026-01-01T00:00:00.000Z')).start).toBe(secs('2026-01-01T00:00:00.000Z'));
  });

  it('rolls an ended period forward by whole months from its anchor until the next one is projected', () => {
    const r = record({ start: '2026-01-31T00:00:00.000Z', end: '2026-02-28T00:00:00.000Z' });
    expect(quotaPeriodFor(r, at('2026-03-10T00:00:00.000Z'))).toEqual({
      start: secs('2026-02-28T00:00:00.000Z'),
      end: secs('2026-03-31T00:00:00.000Z'),
    });
  });
});
