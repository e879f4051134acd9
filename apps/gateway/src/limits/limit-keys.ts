import { redisKeys } from '@tollgate/contracts';

/**
 * Redis key names of the limits, under the deployment prefix.
 *
 * Redis Cluster: a script may only touch keys of one hash slot. The caller's rate bucket
 * and the subscription's quota share the hash tag `{s:<subscriptionId>}` (a key belongs
 * to one subscription), so the common case (rate limit + quota) is one slot. The API-wide
 * bucket is shared by every subscription, so it has its own tag `{a:<apiId>}`: on a single
 * Redis (or a primary with replicas) the one script checks all three atomically; on a
 * Cluster, an API with an API-wide limit would need the API bucket checked by a second
 * script call on its slot (reserve there first, then refund if the caller's limits deny),
 * which is not implemented: this gateway expects one Redis primary for limits.
 */

/** The caller's plan-wide bucket; `subject` is `key:<id>`, `consumer:<id>` or `ip:<addr>`. */
export function rateKey(prefix: string, tag: string, subject: string): string {
  return `${prefix}rl:{${tag}}:${subject}`;
}

/** The caller's bucket on a route with its own limit. */
export function routeRateKey(prefix: string, tag: string, subject: string, routeId: string): string {
  return `${prefix}rl:{${tag}}:${subject}:r:${routeId}`;
}

export function apiRateKey(prefix: string, apiId: string): string {
  return `${prefix}rl:{a:${apiId}}`;
}

/** The subscription's calls in the period starting at `periodStart` (unix seconds); named in @tollgate/contracts, which the worker shares. */
export const quotaKey = redisKeys.quota;

/** Hash tag of a caller's keys: its subscription when it has one, else the caller itself. */
export function callerTag(subscriptionId: string | null, subject: string): string {
  return subscriptionId === null ? subject : `s:${subscriptionId}`;
}
