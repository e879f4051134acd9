import type { ConsumerRecord, ConsumerSubscription } from '@tollgate/contracts';
import { hashKey, parseKey } from '@tollgate/keys';
import type { TenantAuth } from '../../auth/auth-services.js';
import { authModeOf } from '../../auth/compile-auth.js';
import type { TokenCheck } from '../../auth/jwt-verifier.js';
import type { CachedKey } from '../../keys/key-cache.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * authenticate: who is calling, by the route's auth mode (API mode, route override).
 *
 * - `key`: the key from `X-Api-Key` or `Authorization: Bearer`; two different keys in one
 *   request are refused. Format and checksum are checked first, so garbage never costs a
 *   lookup; then the key's hash goes to the in-process cache and, on a miss, the Redis key
 *   index (misses are cached too). Never Postgres. Revocation is judged in authorize.
 * - `jwt` / `oauth2`: a bearer token checked against the tenant's JWKS or introspection
 *   endpoint; its consumer claim names a consumer by external id, found in the Redis
 *   consumer index. The caller then looks like a key of that consumer's subscription
 *   (key id `''`) to the later stages, and is rate-limited per consumer.
 * - `anonymous`: no credential; limited per client IP.
 *
 * Every client address that keeps sending unknown or malformed credentials is refused
 * with 429 after a few, without any lookup. The header that carried the credential is
 * not forwarded: the upstream never sees consumer keys or tokens.
 */
export function authenticate(ctx: RequestContext, deps: PipelineDeps): boolean | Promise<boolean> {
  const tenant = ctx.tenant!;
  const mode = authModeOf(tenant.auth, ctx.route!.id);
  ctx.authMode = mode;
  switch (mode) {
    case 'key':
      return authenticateKey(ctx, deps);
    case 'anonymous':
      return authenticateAnonymous(ctx);
    default:
      return authenticateToken(ctx, deps, deps.auth.forSnapshot(tenant.auth));
  }
}

// --- keys -------------------------------------------------------------------------------

function authenticateKey(ctx: RequestContext, deps: PipelineDeps): boolean | Promise<boolean> {
  let key: string | null = null;
  let headerIndex = -1;
  const bearer =
    ctx.authorization !== null && isBearer(ctx.authorization) ? ctx.authorization.slice(7).trim() : null;
  if (ctx.apiKey !== null) {
    key = ctx.apiKey.trim();
    headerIndex = ctx.apiKeyIndex;
    // An Authorization header that is not a Tollgate key is the upstream's business; a second, different key is not.
    if (bearer !== null && looksLikeKey(bearer)) {
      if (bearer !== key) return ctx.deny('conflicting_credentials', 'authenticate');
      // The same key twice: one credential, and neither copy goes upstream.
      if (ctx.authorizationIndex !== -1) dropHeader(ctx, ctx.authorizationIndex);
      headerIndex = ctx.apiKeyIndex;
    }
  } else if (bearer !== null) {
    key = bearer;
    headerIndex = ctx.authorizationIndex;
  }
  if (hasEarlierDuplicate(ctx, headerIndex)) return ctx.deny('conflicting_credentials', 'authenticate');

  const retryAfter = deps.auth.invalidAttempts.retryAfterSeconds(ctx.clientIp, ctx.receivedAt);
  if (retryAfter > 0) {
    // This address keeps guessing: only keys this process already knows to be valid pass, at no I/O cost.
    const known =
      key === null || parseKey(key) === null ? undefined : deps.keys.peek?.(hashKey(key, deps.keyPepper));
    if (known === undefined || known === null) return tooManyInvalid(ctx, retryAfter);
    return acceptKey(ctx, known, headerIndex);
  }

  if (key === null) return ctx.deny('invalid_key', 'authenticate');
  if (parseKey(key) === null) return invalidCredential(ctx, deps, 'invalid_key');

  let found: CachedKey | null | Promise<CachedKey | null>;
  try {
    found = deps.keys.lookup(hashKey(key, deps.keyPepper));
  } catch (error) {
    return unavailable(ctx, error);
  }
  if (!(found instanceof Promise)) return afterLookup(ctx, deps, found, headerIndex);
  return found.then(
    (value) => afterLookup(ctx, deps, value, headerIndex),
    (error: unknown) => unavailable(ctx, error),
  );
}

function afterLookup(
  ctx: RequestContext,
  deps: PipelineDeps,
  found: CachedKey | null,
  headerIndex: number,
): boolean {
  if (found === null) return invalidCredential(ctx, deps, 'invalid_key');
  return acceptKey(ctx, found, headerIndex);
}

function acceptKey(ctx: RequestContext, found: CachedKey, headerIndex: number): boolean {
  ctx.key = found;
  ctx.rateLimitSubject = `key:${found.record.keyId}`;
  if (headerIndex !== -1) dropHeader(ctx, headerIndex);
  return false;
}

function unavailable(ctx: RequestContext, error: unknown): true {
  // The key index (Redis) is unreachable and the key is not cached: say so, not a 500.
  ctx.error = error;
  return ctx.deny('key_lookup_unavailable', 'authenticate');
}

// --- anonymous ----------------------------------------------------------------------------

function authenticateAnonymous(ctx: RequestContext): boolean {
  // Per-caller limits count per client address (the limit stage reads rateLimitSubject).
  ctx.rateLimitSubject = `ip:${ctx.clientIp}`;
  // A Tollgate key sent anyway is still a consumer secret: never forward it.
  if (ctx.apiKeyIndex !== -1 && looksLikeKey(ctx.apiKey!)) dropHeader(ctx, ctx.apiKeyIndex);
  return false;
}

// --- JWT / OAuth2 ---------------------------------------------------------------------------

function authenticateToken(
  ctx: RequestContext,
  deps: PipelineDeps,
  tenantAuth: TenantAuth,
): boolean | Promise<boolean> {
  if (ctx.apiKey !== null && looksLikeKey(ctx.apiKey))
    return ctx.deny('conflicting_credentials', 'authenticate');
  const headerIndex = ctx.authorizationIndex;
  if (hasEarlierDuplicate(ctx, headerIndex)) return ctx.deny('conflicting_credentials', 'authenticate');
  const token =
    ctx.authorization !== null && isBearer(ctx.authorization) ? ctx.authorization.slice(7).trim() : '';
  if (token === '') return ctx.deny('invalid_token', 'authenticate');

  const retryAfter = deps.auth.invalidAttempts.retryAfterSeconds(ctx.clientIp, ctx.receivedAt);
  if (retryAfter > 0) return tooManyInvalid(ctx, retryAfter);

  const check = ctx.authMode === 'jwt' ? tenantAuth.jwt?.verify(token) : tenantAuth.oauth2?.check(token);
  if (check === undefined) {
    // The route asks for a provider the tenant has not configured (or whose secret did not open).
    ctx.error = new Error(`tenant ${ctx.tenant!.tenantId} has no ${ctx.authMode} settings`);
    return ctx.deny('token_check_unavailable', 'authenticate');
  }
  return check instanceof Promise
    ? check.then((result) => afterTokenCheck(ctx, deps, result, headerIndex))
    : afterTokenCheck(ctx, deps, check, headerIndex);
}

function afterTokenCheck(
  ctx: RequestContext,
  deps: PipelineDeps,
  result: TokenCheck,
  headerIndex: number,
): boolean | Promise<boolean> {
  if (!result.ok) {
    if (result.code === 'token_check_unavailable') {
      ctx.error = result.error ?? null;
      return ctx.deny('token_check_unavailable', 'authenticate');
    }
    if (result.code === 'token_expired') return ctx.deny('token_expired', 'authenticate');
    return invalidCredential(ctx, deps, 'invalid_token');
  }
  let consumer: ConsumerRecord | null | Promise<ConsumerRecord | null>;
  try {
    consumer = deps.auth.consumers.lookup(ctx.tenant!.tenantId, result.subject);
  } catch (error) {
    ctx.error = error;
    return ctx.deny('token_check_unavailable', 'authenticate');
  }
  if (!(consumer instanceof Promise)) return acceptConsumer(ctx, consumer, headerIndex);
  return consumer.then(
    (value) => acceptConsumer(ctx, value, headerIndex),
    (error: unknown) => {
      ctx.error = error;
      return ctx.deny('token_check_unavailable', 'authenticate');
    },
  );
}

const usableStatuses = new Set<ConsumerSubscription['status']>(['active', 'trialing', 'past_due']);
/** One stand-in key per subscription record, so the later stages treat token callers like key callers. */
const standIns = new WeakMap<ConsumerSubscription, CachedKey>();

function acceptConsumer(ctx: RequestContext, consumer: ConsumerRecord | null, headerIndex: number): boolean {
  if (consumer === null) return ctx.deny('unknown_consumer', 'authenticate');
  const tenant = ctx.tenant!;
  const apiId = ctx.api!.id;
  let chosen: ConsumerSubscription | null = null;
  for (const subscription of consumer.subscriptions) {
    if (!usableStatuses.has(subscription.status)) continue;
    const plan = tenant.plans.get(subscription.planId)?.get(subscription.planVersion);
    if (plan?.apiIds.has(apiId) === true) {
      chosen = subscription;
      break;
    }
  }
  if (chosen === null) return ctx.deny('consumer_not_subscribed', 'authenticate');

  let key = standIns.get(chosen);
  if (key === undefined) {
    key = {
      record: {
        keyId: '',
        tenantId: consumer.tenantId,
        consumerId: consumer.consumerId,
        subscriptionId: chosen.subscriptionId,
        planId: chosen.planId,
        planVersion: chosen.planVersion,
        environment: 'live',
        status: 'active',
        prefix: '',
        scopes: [],
        expiresAt: null,
        graceEndsAt: null,
      },
      expiresAtMs: null,
      graceEndsAtMs: null,
      ipRules: null,
    };
    standIns.set(chosen, key);
  }
  ctx.key = key;
  // All of a consumer's tokens share one rate limit: the limit stage keys it by this.
  ctx.rateLimitSubject = `consumer:${consumer.consumerId}`;
  if (headerIndex !== -1) dropHeader(ctx, headerIndex);
  return false;
}

// --- shared ---------------------------------------------------------------------------------

/** An unknown or malformed credential: counted against the client address. */
function invalidCredential(
  ctx: RequestContext,
  deps: PipelineDeps,
  code: 'invalid_key' | 'invalid_token',
): true {
  deps.auth.invalidAttempts.record(ctx.clientIp, ctx.receivedAt);
  return ctx.deny(code, 'authenticate');
}

function tooManyInvalid(ctx: RequestContext, retryAfterSeconds: number): true {
  ctx.res.setHeader?.('retry-after', String(retryAfterSeconds));
  return ctx.deny('too_many_invalid_keys', 'authenticate');
}

function dropHeader(ctx: RequestContext, index: number): void {
  ctx.forwardHeaders.splice(index, 2);
  // Keep the other credential header's index right.
  if (ctx.authorizationIndex > index) ctx.authorizationIndex -= 2;
  if (ctx.apiKeyIndex > index) ctx.apiKeyIndex -= 2;
}

/**
 * receive keeps the last of repeated `X-Api-Key` / `Authorization` headers; an earlier one
 * with another value is a second credential. Only the headers before the used one are looked at.
 */
function hasEarlierDuplicate(ctx: RequestContext, index: number): boolean {
  if (index <= 0) return false;
  const headers = ctx.forwardHeaders;
  const name = headers[index]!.toLowerCase();
  const value = headers[index + 1]!;
  for (let i = 0; i < index; i += 2) {
    const other = headers[i]!;
    if (other.length === name.length && other.toLowerCase() === name && headers[i + 1] !== value) return true;
  }
  return false;
}

function looksLikeKey(value: string): boolean {
  return value.startsWith('tg_');
}

function isBearer(value: string): boolean {
  // Scheme names are case-insensitive (RFC 9110 §11.1).
  return value.length > 7 && value.charCodeAt(6) === 32 && value.slice(0, 6).toLowerCase() === 'bearer';
}
