/**
 * The IETF httpapi RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, the
 * structured-field versions): `RateLimit-Policy` lists each policy as a quoted name with
 * its quota `q` and window `w` (seconds); `RateLimit` lists each policy's current state,
 * remaining units `r` and seconds `t` until they are back. Both are Lists, so every policy
 * that applies gets an item: `"rate"` (the caller's limit), `"quota"` (the subscription's
 * period quota), `"api"` (the API-wide limit).
 */

export type PolicyName = 'rate' | 'quota' | 'api';

/** `"rate";q=100;w=60` */
export function policyItem(name: PolicyName, quota: number, windowSeconds: number): string {
  return `"${name}";q=${sfInteger(quota)};w=${sfInteger(windowSeconds)}`;
}

/** `"rate";r=42;t=3` */
export function stateItem(name: PolicyName, remaining: number, resetSeconds: number): string {
  return `"${name}";r=${sfInteger(remaining)};t=${sfInteger(resetSeconds)}`;
}

/** Joins items into one List field value; `''` when there is none. */
export function joinItems(items: readonly string[]): string {
  return items.join(', ');
}

/** Milliseconds to whole seconds, rounded up: a client that waits `t` never comes back early. */
export function secondsUp(ms: number): number {
  return ms <= 0 ? 0 : Math.ceil(ms / 1000);
}

/** A structured-field Integer: whole, non-negative here, at most 15 digits. */
function sfInteger(value: number): number {
  if (!(value > 0)) return 0;
  return Math.min(Math.floor(value), 999_999_999_999_999);
}
