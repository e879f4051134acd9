import { rateLimitSchema } from '@tollgate/contracts';
import { z } from 'zod';

const planRateLimitSchema = z.strictObject({
  limit: rateLimitSchema.shape.limit.max(1_000_000),
  windowSeconds: rateLimitSchema.shape.windowSeconds.max(86_400),
  burst: rateLimitSchema.shape.burst.max(1_000_000),
});

/** One graduated tier past the included calls; `upTo` null means every call beyond the previous tier. */
export const overageTierSchema = z.strictObject({
  upTo: z.int().positive().max(2_000_000_000).nullable(),
  unitAmountCents: z.number().nonnegative().max(1_000_000),
});
export type OverageTier = z.infer<typeof overageTierSchema>;

/** Money in minor units (cents). */
export const planPricingSchema = z.strictObject({
  baseFeeCents: z.int().nonnegative().max(100_000_000).default(0),
  includedCalls: z.int().nonnegative().max(2_000_000_000).default(0),
  overageTiers: z
    .array(overageTierSchema)
    .max(20)
    .default([])
    .refine(
      (tiers) =>
        tiers.every((tier, i) => {
          const previous = tiers[i - 1];
          if (
            i > 0 &&
            (previous?.upTo === null || (tier.upTo !== null && tier.upTo <= (previous?.upTo ?? 0)))
          )
            return false;
          return true;
        }),
      'Tiers must be in increasing order of upTo; only the last may have upTo null',
    ),
});

const apiIdsSchema = z
  .array(z.string().min(1).max(64))
  .min(1)
  .max(100)
  .transform((ids) => [...new Set(ids)]);

export const planVisibilitySchema = z.enum(['public', 'private']);

export const createPlanInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** GCRA per key; null (or left out) for no limit. */
  rateLimit: planRateLimitSchema.nullable().default(null),
  /** Calls per subscription per billing period; null (or left out) for unlimited. */
  monthlyQuota: z.int().nonnegative().max(2_000_000_000).nullable().default(null),
  apiIds: apiIdsSchema,
  pricing: planPricingSchema.default({ baseFeeCents: 0, includedCalls: 0, overageTiers: [] }),
  trialDays: z.int().nonnegative().max(365).default(0),
  visibility: planVisibilitySchema.default('public'),
});
export type CreatePlanInput = z.output<typeof createPlanInputSchema>;

/**
 * `PATCH /plans/:planId`. Any of the terms (rate limit, quota, APIs, pricing, trial days)
 * creates a new immutable version (`currentVersion + 1`) from the current terms with these
 * changes; existing subscriptions keep their version until moved. `name` and `visibility`
 * belong to the plan itself and change in place.
 */
export const updatePlanInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    visibility: planVisibilitySchema.optional(),
    rateLimit: planRateLimitSchema.nullable().optional(),
    monthlyQuota: z.int().nonnegative().max(2_000_000_000).nullable().optional(),
    apiIds: apiIdsSchema.optional(),
    pricing: planPricingSchema.optional(),
    trialDays: z.int().nonnegative().max(365).optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change');
export type UpdatePlanInput = z.output<typeof updatePlanInputSchema>;

/** One immutable version of a plan's terms. */
export const planVersionOutputSchema = z
  .object({
    version: z.int(),
    rateLimit: rateLimitSchema.nullable(),
    monthlyQuota: z.int().nullable(),
    apiIds: z.array(z.string()),
    pricing: z.object({
      currency: z.string(),
      baseFeeCents: z.int(),
      includedCalls: z.int(),
      overageTiers: z.array(z.object({ upTo: z.int().nullable(), unitAmountCents: z.number() })),
    }),
    trialDays: z.int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PlanVersion' });
export type PlanVersionOutput = z.infer<typeof planVersionOutputSchema>;

export const planOutputSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    currentVersion: z.int(),
    visibility: planVisibilitySchema,
    rateLimit: rateLimitSchema.nullable(),
    monthlyQuota: z.int().nullable(),
    apiIds: z.array(z.string()),
    pricing: planVersionOutputSchema.shape.pricing,
    trialDays: z.int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Plan' });
export type PlanOutput = z.infer<typeof planOutputSchema>;
