import { quotaCounterRetentionSeconds } from '@tollgate/contracts';
import type { ErrorCode } from '@tollgate/errors';
import { type LimitSet, limitSetFor } from '../../limits/compile-limits.js';
import { apiRateKey, callerTag, quotaKey, rateKey, routeRateKey } from '../../limits/limit-keys.js';
import { limitOutcome } from '../../limits/limit-script.js';
import { type QuotaPeriod, quotaPeriodFor } from '../../limits/quota-period.js';
import { joinItems, policyItem, secondsUp, stateItem } from '../../limits/ratelimit-headers.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * limit: the tenant's per-process concurrency cap first (in memory), then the caller's
 * rate limit (the route's override, else the plan's), the API-wide limit and the
 * subscription's quota, all decided by one Redis script in one round trip (see
 * limits/limit-script.ts). Every answer from here on carries `RateLimit-Policy` and
 * `RateLimit`; a denial carries `Retry-After` and limit/remaining/reset in its body.
 * When Redis does not answer in time, each limit's fail mode decides: admit unchecked
 * (open) or 503 `limits_unavailable` (closed); never a 500.
 */
export function limit(ctx: RequestContext, deps: PipelineDeps): boolean | Promise<boolean> {
  const tenant = ctx.tenant!;
  const limits = tenant.limits;
  const shared = deps.limits;
  // Counted against quota only once every limit admitted it (authorize set it provisionally).
  ctx.admitted = false;
  if (!shared.concurrency.tryAcquire(tenant.tenantId, limits.maxConcurrent ?? shared.maxConcurrent)) {
    ctx.res.setHeader('retry-after', '1');
    return ctx.deny('capacity_unavailable', 'limit');
  }
  ctx.concurrencyTenant = tenant.tenantId;

  const record = ctx.key === null ? null : ctx.key.record;
  const plan =
    record === null ? null : (tenant.plans.get(record.planId)?.get(record.planVersion)?.plan ?? null);
  const set = limitSetFor(
    limits,
    ctx.api!.id,
    ctx.route!.id,
    plan,
    record === null ? null : record.environment,
  );
  if (set.none) {
    ctx.admitted = true;
    return false;
  }

  const prefix = shared.redisPrefix;
  const subject = ctx.rateLimitSubject || (record === null ? `ip:${ctx.clientIp}` : `key:${record.keyId}`);
  const keys: string[] = [];
  const rate = set.rate;
  const api = set.api;
  if (rate !== null) {
    const tag = callerTag(record === null ? null : record.subscriptionId, subject);
    keys.push(
      set.rateIsRoute ? routeRateKey(prefix, tag, subject, ctx.route!.id) : rateKey(prefix, tag, subject),
    );
  }
  if (api !== null) keys.push(apiRateKey(prefix, ctx.api!.id));
  let period: QuotaPeriod | null = null;
  if (set.quota !== null && record !== null) {
    period = quotaPeriodFor(record, ctx.receivedAt);
    keys.push(quotaKey(prefix, record.subscriptionId, period.start));
  }

  const policies: string[] = [];
  if (rate !== null) policies.push(rate.policyItem);
  if (period !== null) policies.push(policyItem('quota', set.quota!, period.end - period.start));
  if (api !== null) policies.push(api.policyItem);
  ctx.res.setHeader('ratelimit-policy', joinItems(policies));

  const args = [
    rate === null ? 0 : rate.emissionMs,
    rate === null ? 0 : rate.burst,
    api === null ? 0 : api.emissionMs,
    api === null ? 0 : api.burst,
    set.quota === null || period === null ? -1 : set.quota,
    period === null ? 0 : period.end + quotaCounterRetentionSeconds,
  ];
  return shared.store.run(keys, args).then(
    (result) => decide(ctx, set, period, result, limits.upgradeUrl),
    (error: unknown) => storeFailed(ctx, deps, set, error),
  );
}

/** Gives back the concurrency slot; the pipeline calls it once the request is over. */
export function releaseLimits(ctx: RequestContext, deps: PipelineDeps): void {
  if (ctx.concurrencyTenant === null) return;
  deps.limits.concurrency.release(ctx.concurrencyTenant);
  ctx.concurrencyTenant = null;
}

function decide(
  ctx: RequestContext,
  set: LimitSet,
  period: QuotaPeriod | null,
  result: number[],
  upgradeUrl: string | null,
): boolean {
  const outcome = result[0];
  const retryMs = result[3] ?? 0;
  const states: string[] = [];
  const rate = set.rate;
  if (rate !== null) states.push(stateItem('rate', result[1] ?? 0, secondsUp(result[2] ?? 0)));
  let quotaRemaining = 0;
  let quotaReset = 0;
  if (period !== null) {
    quotaRemaining = Math.max(0, set.quota! - Math.max(0, result[6] ?? 0));
    quotaReset = Math.max(0, Math.ceil(period.end - ctx.receivedAt / 1000));
    states.push(stateItem('quota', quotaRemaining, quotaReset));
  }
  if (set.api !== null) states.push(stateItem('api', result[4] ?? 0, secondsUp(result[5] ?? 0)));
  const res = ctx.res;
  res.setHeader('ratelimit', joinItems(states));

  if (outcome === limitOutcome.admitted) {
    ctx.admitted = true;
    return false;
  }
  if (outcome === limitOutcome.quotaExceeded) {
    res.setHeader('retry-after', String(quotaReset));
    ctx.problemExtra = `,"policy":"quota","limit":${set.quota},"remaining":${quotaRemaining},"reset":${quotaReset},"upgradeUrl":${JSON.stringify(upgradeUrl)}`;
    return ctx.deny('quota_exceeded', 'limit');
  }
  const byApi = outcome === limitOutcome.apiLimited;
  const limited = byApi ? set.api! : rate!;
  const retryAfter = Math.max(1, secondsUp(retryMs));
  res.setHeader('retry-after', String(retryAfter));
  ctx.problemExtra = `,"policy":"${byApi ? 'api' : 'rate'}","limit":${limited.limit},"remaining":0,"reset":${retryAfter}`;
  return ctx.deny(byApi ? 'api_rate_limited' : 'rate_limited', 'limit');
}

function storeFailed(ctx: RequestContext, deps: PipelineDeps, set: LimitSet, error: unknown): boolean {
  deps.limits.onStoreError(error);
  // The state is unknown: RateLimit-Policy stays, RateLimit is left out.
  if (set.failClosed) {
    ctx.res.setHeader('retry-after', '1');
    return ctx.deny('limits_unavailable' satisfies ErrorCode, 'limit');
  }
  ctx.admitted = true;
  return false;
}
