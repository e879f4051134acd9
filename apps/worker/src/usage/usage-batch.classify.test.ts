import { describe, expect, it } from 'vitest';
import { usageEvent } from '../testing/usage-batch.factory.js';
import { isAfterGrace, periodEndOf } from './billing-period.js';
import { classifyBatchEvents, maxFutureSkewMs, rawEventJson } from './usage-batch.classify.js';

const hourMs = 3_600_000;
const nov30 = Date.UTC(2026, 10, 30, 23, 59);
const dec1 = Date.UTC(2026, 11, 1);

describe('billing period', () => {
  it('ends at the next calendar month (UTC) unless the event carries its period end', () => {
    expect(periodEndOf({ timestamp: nov30 })).toBe(dec1);
    expect(periodEndOf({ timestamp: Date.UTC(2026, 11, 31, 23) })).toBe(Date.UTC(2027, 0, 1));
    expect(periodEndOf({ timestamp: nov30, periodEnd: dec1 + 5 * hourMs })).toBe(dec1 + 5 * hourMs);
  });

  it('is late only once the grace after the period end has passed', () => {
    expect(isAfterGrace({ timestamp: nov30 }, dec1 + hourMs, hourMs)).toBe(false);
    expect(isAfterGrace({ timestamp: nov30 }, dec1 + hourMs + 1, hourMs)).toBe(true);
  });
});

describe('classifyBatchEvents', () => {
  it('splits valid, late and malformed events and keeps the positions of bad ones', () => {
    const ok = usageEvent({ timestamp: dec1 + 1_000 });
    const late = usageEvent({ timestamp: nov30 });
    const nul = usageEvent({ path: '/a\u0000b' });
    const future = usageEvent({ timestamp: dec1 + 2 * hourMs + maxFutureSkewMs + 1 });
    const result = classifyBatchEvents(
      [ok, { ...usageEvent(), id: 'evt_x', status: 'nope' }, late, nul, future],
      {
        nowMs: dec1 + 2 * hourMs,
        graceMs: hourMs,
      },
    );
    expect(result.events).toEqual([ok, late]);
    expect(result.late).toEqual([{ event: late, periodEndMs: dec1 }]);
    expect(result.deadLetters.map((d) => [d.position, d.reason, d.eventId])).toEqual([
      [1, 'invalid_event', 'evt_x'],
      [3, 'invalid_event', nul.id],
      [4, 'future_timestamp', future.id],
    ]);
    expect(result.deadLetters[0]?.detail).toMatch(/status/);
    expect(result.deadLetters[0]?.detail).not.toMatch(/nope/);
  });

  it('stores raw events as jsonb-safe JSON', () => {
    expect(rawEventJson({ a: 'x\u0000y' })).toBe('{"a":"x\uFFFDy"}');
    expect(rawEventJson(undefined)).toBe('null');
  });
});
