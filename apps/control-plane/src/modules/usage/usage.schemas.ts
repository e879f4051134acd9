import { z } from 'zod';

export const granularitySchema = z.enum(['minute', 'hour', 'day']);
export type Granularity = z.infer<typeof granularitySchema>;

/** `GET /usage` query; times are ISO 8601 with an offset. Default window: the last 60 minutes. */
export const usageQuerySchema = z.strictObject({
  apiId: z.string().min(1).max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  granularity: granularitySchema.default('minute'),
});
export type UsageQuery = z.output<typeof usageQuerySchema>;

export const usageBucketSchema = z.object({
  /** Start of the bucket (UTC). */
  start: z.iso.datetime(),
  calls: z.int(),
  /** Calls answered 4xx or 5xx (denials included). */
  errors: z.int(),
});
export type UsageBucket = z.infer<typeof usageBucketSchema>;
