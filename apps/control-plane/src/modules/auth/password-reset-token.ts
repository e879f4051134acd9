import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a password reset link works. */
export const resetTokenTtlMs = 30 * 60 * 1000;

/** The principal a reset token is for: a provider user or a developer-portal account (separate id spaces and tables). */
export type ResetKind = 'user' | 'consumer_account';

interface ResetClaims {
  /** Kind of account. */
  k: ResetKind;
  /** Account id. */
  u: string;
  /** Expiry, epoch milliseconds. */
  e: number;
}

/**
 * A password reset token: `<claims>.<mac>`, both base64url. The MAC covers the claims (kind,
 * account id, expiry) and the account's current password hash, so the token is single-use
 * without any storage: setting a new password (argon2 salts every hash) makes every earlier
 * token fail, and so does any later reset. The kind keeps a token of one principal from ever
 * being read as the other's.
 */
export function signResetToken(
  kind: ResetKind,
  accountId: string,
  passwordHash: string,
  expiresAt: Date,
  secret: string,
): string {
  const claims = Buffer.from(
    JSON.stringify({ k: kind, u: accountId, e: expiresAt.getTime() } satisfies ResetClaims),
  ).toString('base64url');
  return `${claims}.${mac(claims, passwordHash, secret)}`;
}

/**
 * The account id a token claims, when well-formed, of this `kind` and not expired at `now`;
 * the MAC is checked by {@link resetTokenValid}.
 */
export function readResetClaims(token: string, kind: ResetKind, now: Date): { accountId: string } | null {
  if (token.length > 512) return null;
  const [claims, signature, extra] = token.split('.');
  if (!claims || !signature || extra !== undefined) return null;
  try {
    const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Partial<ResetClaims>;
    if (parsed.k !== kind || typeof parsed.u !== 'string' || typeof parsed.e !== 'number') return null;
    return parsed.e > now.getTime() ? { accountId: parsed.u } : null;
  } catch {
    return null;
  }
}

/** True when `token` was signed for this password hash (the account's current one). */
export function resetTokenValid(token: string, passwordHash: string, secret: string): boolean {
  const [claims, signature] = token.split('.');
  if (!claims || !signature) return false;
  const expected = Buffer.from(mac(claims, passwordHash, secret));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function mac(claims: string, passwordHash: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`password-reset\n${claims}\n${passwordHash}`)
    .digest('base64url');
}
