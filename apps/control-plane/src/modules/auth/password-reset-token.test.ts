import { describe, expect, it } from 'vitest';
import { readResetClaims, resetTokenValid, signResetToken } from './password-reset-token.js';

const secret = 'test-secret-test-secret-test-secret-00';
const now = new Date('2026-01-01T12:00:00Z');
const later = new Date('2026-01-01T12:30:00Z');

describe('password reset token', () => {
  it('reset-token.ok: valid for its user and password hash until it expires', () => {
    const token = signResetToken('user', 'usr_1', 'hash-a', later, secret);
    expect(readResetClaims(token, 'user', now)).toEqual({ accountId: 'usr_1' });
    expect(resetTokenValid(token, 'hash-a', secret)).toBe(true);
  });

  it('reset-token.expired: refused at and after its expiry', () => {
    const token = signResetToken('user', 'usr_1', 'hash-a', later, secret);
    expect(readResetClaims(token, 'user', later)).toBeNull();
    expect(readResetClaims(token, 'user', new Date(later.getTime() + 1))).toBeNull();
  });

  it('reset-token.used: refused once the password hash has changed', () => {
    const token = signResetToken('user', 'usr_1', 'hash-a', later, secret);
    expect(resetTokenValid(token, 'hash-b', secret)).toBe(false);
  });

  it('reset-token.tampered: another user id, another secret or garbage is refused', () => {
    const token = signResetToken('user', 'usr_1', 'hash-a', later, secret);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ k: 'user', u: 'usr_2', e: later.getTime() })).toString('base64url')}.${signature}`;
    expect(readResetClaims(forged, 'user', now)).toEqual({ accountId: 'usr_2' });
    expect(resetTokenValid(forged, 'hash-a', secret)).toBe(false);
    expect(resetTokenValid(token, 'hash-a', 'another-secret-another-secret-another')).toBe(false);
    for (const garbage of ['', 'x', 'a.b.c', '.', 'not-json.sig'])
      expect(readResetClaims(garbage, 'user', now)).toBeNull();
  });

  it('reset-token.other_kind: a user token is not a consumer account token, nor the reverse', () => {
    const token = signResetToken('user', 'usr_1', 'hash-a', later, secret);
    expect(readResetClaims(token, 'consumer_account', now)).toBeNull();
    const portal = signResetToken('consumer_account', 'cac_1', 'hash-a', later, secret);
    expect(readResetClaims(portal, 'consumer_account', now)).toEqual({ accountId: 'cac_1' });
    expect(readResetClaims(portal, 'user', now)).toBeNull();
  });
});
