import { hashKey, parseKey } from '@tollgate/keys';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * authenticate: the key from `X-Api-Key`, else `Authorization: Bearer`. Format and
 * checksum are checked first, so garbage never costs a lookup; then the key's hash goes
 * to the in-process cache and, on a miss, the Redis key index. Never Postgres.
 * Revocation is judged in authorize, after the tenant check, so another tenant's revoked
 * key reads as invalid there.
 * The header that carried the key is not forwarded: the upstream never sees consumer keys.
 */
export async function authenticate(ctx: RequestContext, deps: PipelineDeps): Promise<boolean> {
  let key: string | null = null;
  let headerIndex = -1;
  if (ctx.apiKey !== null) {
    key = ctx.apiKey.trim();
    headerIndex = ctx.apiKeyIndex;
  } else if (ctx.authorization !== null && isBearer(ctx.authorization)) {
    key = ctx.authorization.slice(7).trim();
    headerIndex = ctx.authorizationIndex;
  }
  if (key === null || parseKey(key) === null) return ctx.deny('invalid_key', 'authenticate');

  let found: Awaited<ReturnType<PipelineDeps['keys']['lookup']>>;
  try {
    found = await deps.keys.lookup(hashKey(key, deps.keyPepper));
  } catch (error) {
    // The key index (Redis) is unreachable and the key is not cached: say so, not a 500.
    ctx.error = error;
    return ctx.deny('key_lookup_unavailable', 'authenticate');
  }
  if (found === null) return ctx.deny('invalid_key', 'authenticate');

  ctx.key = found;
  if (headerIndex !== -1) ctx.forwardHeaders.splice(headerIndex, 2);
  return false;
}

function isBearer(value: string): boolean {
  // Scheme names are case-insensitive (RFC 9110 §11.1).
  return value.length > 7 && value.charCodeAt(6) === 32 && value.slice(0, 6).toLowerCase() === 'bearer';
}
