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
 * Rate limits, quotas and the API-wide limit (the limit stage).
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const limitsApiPolicies = z.object({});
export const limitsRoutePolicies = z.object({});
export const limitsTenantPolicies = z.object({});
