import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * authorize: the key belongs to this tenant, is not revoked, is within its validity, and its plan version
 * (and scopes, when set) cover the API. Picks the upstream: `tg_test_` keys go to the
 * API's sandbox, and an API without one refuses them.
 */
export function authorize(ctx: RequestContext, _deps: PipelineDeps): boolean {
  const key = ctx.key!;
  const record = key.record;
  const tenant = ctx.tenant!;
  const api = ctx.api!;

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
