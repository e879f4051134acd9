import { randomBytes } from 'node:crypto';
import { newId } from '@tollgate/contracts';

/**
 * Personal access tokens: `tgp_` then 32 random bytes in base64url (43 chars). Shown once;
 * stored like API keys, as `hashKey(token, KEY_PEPPER)` plus a display prefix.
 */
export const accessTokenPrefix = 'tgp_';
const accessTokenPattern = /^tgp_[A-Za-z0-9_-]{43}$/;
const displayPrefixLength = accessTokenPrefix.length + 6;

export function generateAccessToken(): { token: string; prefix: string } {
  const token = `${accessTokenPrefix}${randomBytes(32).toString('base64url')}`;
  return { token, prefix: token.slice(0, displayPrefixLength) };
}

/** Format only, no I/O: anything else is refused before a lookup. */
export function isAccessToken(candidate: string): boolean {
  return accessTokenPattern.test(candidate);
}

/** `pat_…` ids (the contracts' id kinds have no entry for tokens yet, so a key id is re-prefixed). */
export function newAccessTokenId(): string {
  return newId('personalAccessToken');
}
