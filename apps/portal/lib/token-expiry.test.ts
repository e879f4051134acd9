import { describe, expect, it } from 'vitest';
import { dayMs, expiresAtFor, tokenState } from './token-expiry';

const now = new Date('2026-03-01T10:00:00Z');

describe('expiresAtFor', () => {
  it('expiry.days: a number of days from now', () => {
    expect(expiresAtFor('30', '', now)).toBe(new Date(now.getTime() + 30 * dayMs).toISOString());
  });

  it('expiry.never: no expiresAt at all', () => {
    expect(expiresAtFor('never', '', now)).toBeUndefined();
  });

  it('expiry.custom: the end of the chosen local day; missing or odd dates are null', () => {
    const iso = expiresAtFor('custom', '2026-04-02', now);
    const end = new Date(iso ?? '');
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours()]).toEqual([2026, 3, 2, 23]);
    expect(expiresAtFor('custom', '', now)).toBeNull();
    expect(expiresAtFor('custom', '02/04/2026', now)).toBeNull();
    expect(expiresAtFor('0', '', now)).toBeNull();
  });
});

describe('tokenState', () => {
  it('state.each: revoked wins, then expired, else active', () => {
    expect(tokenState({ revokedAt: '2026-02-01T00:00:00Z', expiresAt: null }, now)).toBe('revoked');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-03-01T10:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-03-02T00:00:00Z' }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
  });
});
