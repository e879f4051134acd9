import { ipAllowed } from '../../auth/ip-rules.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/** Statuses whose keys keep working (past_due: the provider's dunning grace). */
const activeSubscription = new Set(['trialing', 'active', 'past_due']);

/**
 * authorize: the client address passes the API's IP rules; then the key belongs to this
 * tenant, is not revoked, is within its validity, passes its own IP rules, its subscription
 * is active, and its plan version (and scopes, when set) cover the API. Picks the upstream:
 * `tg_test_` keys go to the API's sandbox, and an API without one refuses them. An
 * anonymous route has no key: the IP rules are all there is to check.
 */
export function authorize(ctx: RequestContext, _deps: PipelineDeps): boolean {
  const api = ctx.api!;
  if (!ipAllowed(api.ipRules, ctx.clientIp)) return ctx.deny('ip_not_allowed', 'authorize');

  const key = ctx.key;
  if (key === null) {
    ctx.upstream = api.upstream;
    ctx.admitted = true;
    return false;
  }
  const record = key.record;
  const tenant = ctx.tenant!;

  // Another tenant's key does not exist as far as this tenant is concerned.
  if (record.tenantId !== tenant.tenantId) return ctx.deny('invalid_key', 'authorize');
  if (record.status === 'revoked') return ctx.deny('key_revoked', 'authorize');

  const now = ctx.receivedAt;
  if (
    (key.expiresAtMs !== null && now >= key.expiresAtMs) ||
    (key.graceEndsAtMs !== null && now >= key.graceEndsAtMs)
  ) {
    return ctx.deny('key_expired', 'authorize');
  }
  if (!ipAllowed(key.ipRules, ctx.clientIp)) return ctx.deny('ip_not_allowed', 'authorize');
  if (record.subscriptionStatus !== undefined && !activeSubscription.has(record.subscriptionStatus)) {
    return ctx.deny('subscription_inactive', 'authorize');
  }

  const plan = tenant.plans.get(record.planId)?.get(record.planVersion);
  if (plan === undefined || !plan.apiIds.has(api.id)) return ctx.deny('key_not_allowed', 'authorize');
  if (record.scopes.length > 0 && !record.scopes.includes(api.id))
    return ctx.deny('key_not_allowed', 'authorize');

  const upstream = record.environment === 'test' ? api.sandbox : api.upstream;
  if (upstream === null) return ctx.deny('key_not_allowed', 'authorize');
  ctx.upstream = upstream;
  ctx.admitted = true;
  return false;
}
