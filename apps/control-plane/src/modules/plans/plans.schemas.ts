import { rateLimitSchema } from '@tollgate/contracts';
import { z } from 'zod';

export const createPlanInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** GCRA per key; null (or left out) for no limit. */
  rateLimit: z
    .strictObject({
      limit: rateLimitSchema.shape.limit.max(1_000_000),
      windowSeconds: rateLimitSchema.shape.windowSeconds.max(86_400),
      burst: rateLimitSchema.shape.burst.max(1_000_000),
    })
    .nullable()
    .default(null),
  /** Calls per subscription per billing period; null (or left out) for unlimited. */
  monthlyQuota: z.int().nonnegative().max(2_000_000_000).nullable().default(null),
  apiIds: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(100)
    .transform((ids) => [...new Set(ids)]),
});
export type CreatePlanInput = z.output<typeof createPlanInputSchema>;

export const planOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  currentVersion: z.int(),
  visibility: z.enum(['public', 'private']),
  rateLimit: rateLimitSchema.nullable(),
  monthlyQuota: z.int().nullable(),
  apiIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type PlanOutput = z.infer<typeof planOutputSchema>;
