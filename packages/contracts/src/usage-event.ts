import { z } from 'zod';

/**
 * One metering event per request (or denial), emitted by the gateway, batched into the
 * usage queue and rolled up by the worker. See "what counts" in DESIGN.md.
 */
export const usageEventSchema = z.object({
  /** `evt_…`, unique per event. */
  id: z.string(),
  requestId: z.string(),
  /** Epoch milliseconds when the gateway received the request. */
  timestamp: z.int().nonnegative(),
  tenantId: z.string(),
  /** Null when the request was denied before an API was resolved. */
  apiId: z.string().nullable(),
  routeId: z.string().nullable(),
  keyId: z.string().nullable(),
  consumerId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  environment: z.enum(['live', 'test']).nullable(),
  method: z.string(),
  /** Normalised path without the query string. */
  path: z.string(),
  status: z.int().min(100).max(599),
  latencyMs: z.number().nonnegative(),
  /** Catalog code of a denial, null when the request was admitted. */
  denyCode: z.string().nullable(),
  /** Counted against the subscription's quota (admitted past the limit stage, live key). */
  quotaCounted: z.boolean(),
  /** Billed (quota-counted, less gateway failures). */
  billable: z.boolean(),
  // Optional, for the request log and late-event handling; older gateways omit them.
  /** Host header as received (no port needed). */
  host: z.string().nullable().optional(),
  /** API version resolved by path segment or `Api-Version` header. */
  apiVersion: z.string().nullable().optional(),
  /** Client address (after trusted X-Forwarded-For). */
  clientIp: z.string().nullable().optional(),
  /** Pipeline stage that denied the request (`authenticate`, `limit`…), null when admitted. */
  denyStage: z.string().nullable().optional(),
  /**
   * Epoch ms when the subscription's billing period that this event belongs to ends. When
   * absent the worker uses the end of the event's calendar month (UTC).
   */
  periodEnd: z.int().nonnegative().nullable().optional(),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;

export const usageBatchSchema = z.object({
  /** Deterministic (derived from its events' ids) so a redelivered batch counts once. */
  batchId: z.string(),
  gatewayId: z.string(),
  events: z.array(usageEventSchema).min(1),
});
export type UsageBatch = z.infer<typeof usageBatchSchema>;
