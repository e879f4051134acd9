import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a password reset link works. */
export const resetTokenTtlMs = 30 * 60 * 1000;

interface ResetClaims {
  /** User id. */
  u: string;
  /** Expiry, epoch milliseconds. */
  e: number;
}

/**
 * A password reset token: `<claims>.<mac>`, both base64url. The MAC covers the claims and the
 * user's current password hash, so the token is single-use without any storage: setting a new
 * password (argon2 salts every hash) makes every earlier token fail, and so does any later reset.
 */
export function signResetToken(
  userId: string,
  passwordHash: string,
  expiresAt: Date,
  secret: string,
): string {
  const claims = Buffer.from(
    JSON.stringify({ u: userId, e: expiresAt.getTime() } satisfies ResetClaims),
  ).toString('base64url');
  return `${claims}.${mac(claims, passwordHash, secret)}`;
}

/** The user id a token claims, when well-formed and not expired at `now`; the MAC is checked by {@link resetTokenValid}. */
export function readResetClaims(token: string, now: Date): { userId: string } | null {
  if (token.length > 512) return null;
  const [claims, signature, extra] = token.split('.');
  if (!claims || !signature || extra !== undefined) return null;
  try {
    const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Partial<ResetClaims>;
    if (typeof parsed.u !== 'string' || typeof parsed.e !== 'number') return null;
    return parsed.e > now.getTime() ? { userId: parsed.u } : null;
  } catch {
    return null;
  }
}

/** True when `token` was signed for this password hash (the user's current one). */
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
