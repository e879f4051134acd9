import { createHmac, timingSafeEqual } from 'node:crypto';

export const csrfHeader = 'x-csrf-token';

/** Methods that change nothing; every other method needs the CSRF token when a session cookie authenticates it. */
export const safeMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF token of a session: an HMAC of its id, so it is bound to that session, needs no
 * storage, and changes when the id rotates at sign-in. Another site can neither read nor forge it.
 */
export function csrfTokenFor(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf\n${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(given: unknown, sessionId: string, secret: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 128) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
