import { z } from 'zod';

export const rateLimitSchema = z.object({
  /** GCRA: sustained rate, `limit` requests per `windowSeconds`. */
  limit: z.int().positive(),
  windowSeconds: z.int().positive(),
  /** Requests admitted from idle. */
  burst: z.int().positive(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/**
 * What a limit does when its store (Redis) cannot be reached in time: `open` lets the call
 * through unchecked (it is still metered), `closed` refuses it with 503 `limits_unavailable`.
 * The gateway never answers 500 for it.
 */
export const limitFailModeSchema = z.enum(['open', 'closed']);
export type LimitFailMode = z.infer<typeof limitFailModeSchema>;

/**
 * Per-limit fail modes of an API. Defaults (applied by the gateway): every limit fails open —
 * a Redis outage must not take every provider's API down, calls are still metered and
 * billed, and each process's per-tenant concurrency cap still bounds the load on the
 * upstream. Providers who must never exceed a limit (prepaid quotas, fragile upstreams)
 * set it to `closed`.
 */
export const limitFailModesSchema = z.object({
  /** The per-caller rate limit (the plan's, or the route's override). Default `open`. */
  rate: limitFailModeSchema.optional(),
  /** The subscription's quota. Default `open`. */
  quota: limitFailModeSchema.optional(),
  /** The API-wide limit. Default `open`. */
  api: limitFailModeSchema.optional(),
});
export type LimitFailModes = z.infer<typeof limitFailModesSchema>;

/**
 * Rate limits, quotas and the API-wide limit (the limit stage).
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const limitsApiPolicies = z.object({
  apiRateLimit: rateLimitSchema
    .nullable()
    .optional()
    .describe(
      "Overall GCRA limit of the API, shared by all of its callers together (protects the provider's upstream); absent or null: none",
    ),
  limitFailModes: limitFailModesSchema
    .optional()
    .describe(
      'What each limit does when Redis is unreachable: open (default) or closed (503 limits_unavailable)',
    ),
});

export const limitsRoutePolicies = z.object({
  rateLimit: rateLimitSchema
    .nullable()
    .optional()
    .describe(
      "Replaces the plan's per-caller rate limit on this route, counted in a bucket of its own per caller and route; null: no per-caller rate limit on this route; absent: the plan's",
    ),
});

export const limitsTenantPolicies = z.object({
  maxConcurrentRequests: z
    .int()
    .positive()
    .optional()
    .describe(
      "Calls of this tenant in progress at once on each gateway process (beyond: 503 capacity_unavailable), so one tenant's flood cannot starve the others; absent: the gateway's default",
    ),
  upgradeUrl: z
    .url()
    .optional()
    .describe(
      'Where a caller whose quota is used up can upgrade (the developer portal plans page); in quota_exceeded answers',
    ),
});
