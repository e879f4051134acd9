import {
  type ConfigSnapshot,
  callerRate,
  emissionIntervalMs,
  type LimitFailMode,
  quotaFor,
  type RateLimit,
  type SnapshotPlan,
} from '@tollgate/contracts';
import { policyItem } from './ratelimit-headers.js';

/**
 * A snapshot's limits, worked out once per snapshot: emission intervals, fail modes and
 * the header items of every (route, plan, environment) combination, so a request reads
 * one cached {@link LimitSet} and only adds the numbers that change.
 */

export interface CompiledRate {
  limit: number;
  windowSeconds: number;
  burst: number;
  /** GCRA emission interval in ms: one request every T once the burst is spent. */
  emissionMs: number;
  /** `RateLimit-Policy` item of this limit. */
  policyItem: string;
}

export interface CompiledApiLimits {
  api: CompiledRate | null;
  failModes: { rate: LimitFailMode; quota: LimitFailMode; api: LimitFailMode };
}

/** What applies to one (route, plan, environment): the limit stage's per-request recipe. */
export interface LimitSet {
  /** Per-caller GCRA: the route's override, else the plan's; null: none. */
  rate: CompiledRate | null;
  /** The rate bucket is the route's own (an override), not the caller's plan-wide one. */
  rateIsRoute: boolean;
  api: CompiledRate | null;
  /** Calls per billing period of the subscription; null: no quota (none in the plan, or a test key). */
  quota: number | null;
  /** When Redis cannot answer: refuse (503 limits_unavailable) rather than admit unchecked. */
  failClosed: boolean;
  /** Nothing to check in Redis. */
  none: boolean;
}

export interface CompiledLimits {
  /** Per-process cap on this tenant's calls in progress; null: the gateway's default. */
  maxConcurrent: number | null;
  upgradeUrl: string | null;
  apis: Map<string, CompiledApiLimits>;
  /** Route id → its override (null: no per-caller limit on the route); absent: the plan's. */
  routeOverrides: Map<string, CompiledRate | null>;
  /** Filled on first use, per (route, plan version, environment). */
  sets: Map<string, LimitSet>;
}

const noApiLimits: CompiledApiLimits = {
  api: null,
  failModes: { rate: 'open', quota: 'open', api: 'open' },
};

export function compileRate(rate: RateLimit, name: 'rate' | 'api'): CompiledRate {
  return {
    limit: rate.limit,
    windowSeconds: rate.windowSeconds,
    burst: rate.burst,
    emissionMs: emissionIntervalMs(rate),
    policyItem: policyItem(name, rate.limit, rate.windowSeconds),
  };
}

export function compileLimits(snapshot: ConfigSnapshot): CompiledLimits {
  const apis = new Map<string, CompiledApiLimits>();
  const routeOverrides = new Map<string, CompiledRate | null>();
  for (const api of snapshot.apis) {
    const policies = api.policies;
    const modes = policies.limitFailModes;
    apis.set(api.id, {
      api: policies.apiRateLimit ? compileRate(policies.apiRateLimit, 'api') : null,
      failModes: { rate: modes?.rate ?? 'open', quota: modes?.quota ?? 'open', api: modes?.api ?? 'open' },
    });
    for (const route of api.routes) {
      const override = route.policies.rateLimit;
      if (override !== undefined)
        routeOverrides.set(route.id, override === null ? null : compileRate(override, 'rate'));
    }
  }
  return {
    maxConcurrent: snapshot.policies.maxConcurrentRequests ?? null,
    upgradeUrl: snapshot.policies.upgradeUrl ?? null,
    apis,
    routeOverrides,
    sets: new Map(),
  };
}

/** The limits of one request's (API, route, plan, environment), cached in `limits.sets`. */
export function limitSetFor(
  limits: CompiledLimits,
  apiId: string,
  routeId: string,
  plan: SnapshotPlan | null,
  environment: 'live' | 'test' | null,
): LimitSet {
  const cacheKey =
    plan === null
      ? `${routeId}\u0000`
      : `${routeId}\u0000${plan.id}\u0000${plan.version}\u0000${environment}`;
  let set = limits.sets.get(cacheKey);
  if (set === undefined) {
    set = buildSet(limits, apiId, routeId, plan, environment);
    limits.sets.set(cacheKey, set);
  }
  return set;
}

function buildSet(
  limits: CompiledLimits,
  apiId: string,
  routeId: string,
  plan: SnapshotPlan | null,
  environment: 'live' | 'test' | null,
): LimitSet {
  const apiLimits = limits.apis.get(apiId) ?? noApiLimits;
  const override = limits.routeOverrides.get(routeId);
  // The same choice as the release dry run's (`limit-rules.ts` of @tollgate/contracts).
  const rate = callerRate(override, () => (plan?.rateLimit ? compileRate(plan.rateLimit, 'rate') : null));
  // Test keys obey the rate limits but never count against quota.
  const quota = quotaFor(plan, environment);
  const modes = apiLimits.failModes;
  return {
    rate,
    rateIsRoute: override !== undefined && override !== null,
    api: apiLimits.api,
    quota,
    failClosed:
      (rate !== null && modes.rate === 'closed') ||
      (quota !== null && modes.quota === 'closed') ||
      (apiLimits.api !== null && modes.api === 'closed'),
    none: rate === null && quota === null && apiLimits.api === null,
  };
}
