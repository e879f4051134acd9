import { z } from 'zod';

/**
 * Upstream targets, load balancing, health checks, retries, breaker, compression (the proxy stage).
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */

export const upstreamTargetSchema = z.object({
  url: z.url().describe('Absolute base URL of one upstream instance'),
  weight: z.int().min(1).max(1_000).default(1).describe('Share of traffic relative to the other targets'),
});
export type UpstreamTarget = z.infer<typeof upstreamTargetSchema>;

export const healthCheckSchema = z.object({
  path: z.string().startsWith('/').describe('Path (below the target URL) answered 2xx/3xx when healthy'),
  intervalMs: z.int().min(100).max(300_000).default(5_000),
  timeoutMs: z.int().min(50).max(60_000).default(2_000),
  /** Failed checks in a row that mark a target down. */
  unhealthyThreshold: z.int().min(1).max(100).default(2),
  /** Passed checks in a row that mark a down target up again. */
  healthyThreshold: z.int().min(1).max(100).default(1),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const circuitBreakerSchema = z.object({
  /** Consecutive connect errors or timeouts that open the breaker of a target. */
  failureThreshold: z.int().min(1).max(1_000).default(5),
  /** How long an open breaker refuses traffic before one trial request (half-open). */
  coolDownMs: z.int().min(100).max(600_000).default(10_000),
});
export type CircuitBreaker = z.infer<typeof circuitBreakerSchema>;

export const upstreamsApiPolicies = z.object({
  targets: z
    .array(upstreamTargetSchema)
    .min(1)
    .optional()
    .describe('Live traffic is balanced over these (smooth weighted round robin); absent: `upstream` alone'),
  healthCheck: healthCheckSchema.optional().describe('Active health checks of every target; absent: none'),
  /** Extra attempts on another target after a connect error (idempotent methods without a body only). */
  retries: z.int().min(0).max(5).default(1),
  circuitBreaker: circuitBreakerSchema.prefault({}),
  responseTimeoutMs: z
    .int()
    .min(1)
    .max(600_000)
    .optional()
    .describe("Wait for the upstream's response headers; absent: the gateway default"),
  idleTimeoutMs: z
    .int()
    .min(1)
    .max(3_600_000)
    .optional()
    .describe('Longest silence between two chunks of a response body (bounds streams, not their length)'),
  compress: z.boolean().default(true).describe('gzip/br answers the upstream left uncompressed'),
  websocket: z
    .boolean()
    .default(false)
    .describe('WebSocket upgrades are proxied (the key is checked at the upgrade; one call each)'),
});

export const responseCacheSchema = z.object({
  /** Longest time an answer is kept; shorter when the upstream's Cache-Control says so. */
  ttlSeconds: z.int().min(1).max(86_400),
  /** `consumer`: each consumer has its own entries (safe default); `shared`: one per URL. */
  scope: z.enum(['consumer', 'shared']).default('consumer'),
  /** Request headers whose values split the cache (e.g. `accept-language`). */
  varyHeaders: z.array(z.string().toLowerCase()).default([]),
  /** Larger answers are not stored. */
  maxBodyBytes: z.int().min(1).max(10_000_000).default(1_000_000),
});
export type ResponseCache = z.infer<typeof responseCacheSchema>;

export const upstreamsRoutePolicies = z.object({
  cache: responseCacheSchema
    .optional()
    .describe(
      'GET/HEAD answers kept in Redis, honouring Cache-Control (no-store, private, max-age, s-maxage)',
    ),
  responseTimeoutMs: z.int().min(1).max(600_000).optional().describe("Overrides the API's"),
  idleTimeoutMs: z
    .int()
    .min(1)
    .max(3_600_000)
    .optional()
    .describe("Overrides the API's (e.g. long SSE streams)"),
  compress: z.boolean().optional().describe("Overrides the API's"),
  websocket: z.boolean().optional().describe("Overrides the API's"),
});

export const upstreamsTenantPolicies = z.object({
  allowPrivateUpstreams: z
    .boolean()
    .default(false)
    .describe('Upstreams on loopback, link-local, private or CGNAT addresses are allowed (never metadata)'),
});
