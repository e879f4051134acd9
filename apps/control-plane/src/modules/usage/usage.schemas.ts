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

export interface UsageLatency {
  /** Mean of the exact latencies; the percentiles come from the merged histogram (within 5%). */
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface UsageBucket {
  /** Start of the bucket (UTC). */
  start: string;
  /** Present when grouped by that dimension; null for calls it is unknown for (denied before resolution). */
  apiId?: string | null;
  keyId?: string | null;
  routeId?: string | null;
  consumerId?: string | null;
  statusClass?: StatusClass;
  calls: number;
  billableCalls: number;
  quotaCalls: number;
  /** Calls the gateway denied (auth, limits, quota…). */
  deniedCalls: number;
  callsByStatusClass: Record<StatusClass, number>;
  latency: UsageLatency;
}

export interface UsageResult {
  granularity: Granularity;
  /** The bucket-aligned start and the exclusive end actually used. */
  from: string;
  to: string;
  groupBy: UsageDimension[];
  data: UsageBucket[];
}

/** Who is asking: a tenant member sees the tenant, a consumer (`/v1/me/usage`) only its own keys. */
export interface UsageScope {
  tenantId: string;
  consumerId?: string;
}
