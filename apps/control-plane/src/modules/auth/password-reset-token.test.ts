import { describe, expect, it } from 'vitest';
import { readResetClaims, resetTokenValid, signResetToken } from './password-reset-token.js';

const secret = 'test-secret-test-secret-test-secret-00';
const now = new Date('2026-01-01T12:00:00Z');
const later = new Date('2026-01-01T12:30:00Z');

describe('password reset token', () => {
  it('reset-token.ok: valid for its user and password hash until it expires', () => {
    const token = signResetToken('usr_1', 'hash-a', later, secret);
    expect(readResetClaims(token, now)).toEqual({ userId: 'usr_1' });
    expect(resetTokenValid(token, 'hash-a', secret)).toBe(true);
  });

  it('reset-token.expired: refused at and after its expiry', () => {
    const token = signResetToken('usr_1', 'hash-a', later, secret);
    expect(readResetClaims(token, later)).toBeNull();
    expect(readResetClaims(token, new Date(later.getTime() + 1))).toBeNull();
  });

  it('reset-token.used: refused once the password hash has changed', () => {
    const token = signResetToken('usr_1', 'hash-a', later, secret);
    expect(resetTokenValid(token, 'hash-b', secret)).toBe(false);
  });

  it('reset-token.tampered: another user id, another secret or garbage is refused', () => {
    const token = signResetToken('usr_1', 'hash-a', later, secret);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ u: 'usr_2', e: later.getTime() })).toString('base64url')}.${signature}`;
    expect(readResetClaims(forged, now)).toEqual({ userId: 'usr_2' });
    expect(resetTokenValid(forged, 'hash-a', secret)).toBe(false);
    expect(resetTokenValid(token, 'hash-a', 'another-secret-another-secret-another')).toBe(false);
    for (const garbage of ['', 'x', 'a.b.c', '.', 'not-json.sig'])
      expect(readResetClaims(garbage, now)).toBeNull();
  });
});
