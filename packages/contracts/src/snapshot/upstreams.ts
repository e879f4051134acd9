import { z } from 'zod';

/**
 * Upstream targets, load balancing, health checks, retries, breaker, cache (the proxy stage).
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const upstreamsApiPolicies = z.object({});
export const upstreamsRoutePolicies = z.object({});
export const upstreamsTenantPolicies = z.object({});
