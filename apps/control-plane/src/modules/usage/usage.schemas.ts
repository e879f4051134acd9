import { z } from 'zod';

export const granularitySchema = z.enum(['minute', 'hour', 'day', 'month']);
export type Granularity = z.infer<typeof granularitySchema>;

export const usageDimensions = ['api', 'key', 'route', 'consumer', 'statusClass'] as const;
export type UsageDimension = (typeof usageDimensions)[number];

export const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export const statusClassSchema = z.enum(statusClasses);
export type StatusClass = z.infer<typeof statusClassSchema>;

const id = z.string().min(1).max(64);

/**
 * `GET /usage` query. Times are ISO 8601 with an offset; buckets are UTC (months are UTC
 * calendar months). `from` is floored to its bucket, `to` is exclusive. Defaults: `to` now,
 * `from` one window back (minute: 1 h, hour: 24 h, day: 30 d, month: 365 d).
 */
export const usageQuerySchema = z.strictObject({
  apiId: id.optional(),
  consumerId: id.optional(),
  keyId: id.optional(),
  routeId: id.optional(),
  statusClass: statusClassSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  granularity: granularitySchema.default('minute'),
  groupBy: z
    .string()
    .max(100)
    .describe(`Comma-separated dimensions to split each bucket by: ${usageDimensions.join(', ')}`)
    .transform((value) => value.split(',').filter((part) => part !== ''))
    .pipe(
      z
        .array(z.enum(usageDimensions))
        .refine((dims) => new Set(dims).size === dims.length, 'Repeated dimension'),
    )
    .optional(),
  /** `csv` for a CSV file (also chosen by `Accept: text/csv`). */
  format: z.enum(['json', 'csv']).optional(),
});
export type UsageQuery = z.output<typeof usageQuerySchema>;

export const usageLatencySchema = z.object({
  /** Mean of the exact latencies; the percentiles come from the merged histogram (within 5%). */
  avgMs: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type UsageLatency = z.infer<typeof usageLatencySchema>;

export const usageBucketSchema = z.object({
  /** Start of the bucket (UTC). */
  start: z.iso.datetime(),
  /** Present when grouped by that dimension; null for calls it is unknown for (denied before resolution). */
  apiId: z.string().nullable().optional(),
  keyId: z.string().nullable().optional(),
  routeId: z.string().nullable().optional(),
  consumerId: z.string().nullable().optional(),
  statusClass: statusClassSchema.optional(),
  calls: z.int(),
  billableCalls: z.int(),
  quotaCalls: z.int(),
  /** Calls the gateway denied (auth, limits, quota…). */
  deniedCalls: z.int(),
  callsByStatusClass: z.record(statusClassSchema, z.int()),
  latency: usageLatencySchema,
});
export type UsageBucket = z.infer<typeof usageBucketSchema>;

export const usageResultSchema = z
  .object({
    granularity: granularitySchema,
    /** The bucket-aligned start and the exclusive end actually used. */
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    groupBy: z.array(z.enum(usageDimensions)),
    data: z.array(usageBucketSchema),
  })
  .meta({ id: 'UsageResult' });
export type UsageResult = z.infer<typeof usageResultSchema>;

/** The same answer as a CSV file (`format=csv` or `Accept: text/csv`): a header row, then one line per bucket and group. */
export const usageCsvSchema = z.string().describe('CSV: a header row, then one line per bucket and group');

/** Who is asking: a tenant member sees the tenant, a consumer (`/v1/me/usage`) only its own keys. */
export interface UsageScope {
  tenantId: string;
  consumerId?: string;
}
