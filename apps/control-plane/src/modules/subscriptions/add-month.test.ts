import { describe, expect, it } from 'vitest';
import { addMonth } from './subscriptions.service.js';

describe('addMonth', () => {
  it('adds one calendar month, clamped to the last day', () => {
    expect(addMonth(new Date('2026-01-15T08:00:00Z')).toISOString()).toBe('2026-02-15T08:00:00.000Z');
    expect(addMonth(new Date('2026-01-31T08:00:00Z')).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(addMonth(new Date('2026-12-31T00:00:00Z')).toISOString()).toBe('2027-01-31T00:00:00.000Z');
  });
});
