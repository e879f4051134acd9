export * from './config-snapshot.js';
export * from './consumer-record.js';
export * from './ids.js';
export * from './key-record.js';
export {
  bucketOf as latencyBucketOf,
  bucketValue as latencyBucketValue,
  HistogramBuilder,
  histogramOf,
  type LatencyHistogram,
  latencyPercentiles,
  latencyQuantile,
  mergeHistograms,
} from './latency-histogram.js';
export * from './notifications.js';
export * from './quota-period.js';
export * from './redis-names.js';
export * from './routing/index.js';
export {
  type AuthMode,
  authModeSchema,
  type IpRules,
  ipRulesSchema,
  type JwtSettings,
  jwtSettingsSchema,
  type OAuth2Settings,
  oauth2SecretContext,
  oauth2SettingsSchema,
} from './snapshot/auth.js';
export { type ApiVersion, apiVersionSchema } from './snapshot/edge.js';
export {
  type LimitFailMode,
  type LimitFailModes,
  limitFailModeSchema,
  limitFailModesSchema,
  type RateLimit,
  rateLimitSchema,
} from './snapshot/limits.js';
export { type TlsCertificate, tlsCertificateSchema, tlsKeyContext } from './snapshot/ops.js';
export * from './snapshot/policies.js';
export * from './snapshot/sealed-secret.js';
export {
  type CorsPolicy,
  corsPolicySchema,
  type HeaderChanges,
  headerChangesSchema,
  isReservedHeader,
  type PathRewrite,
  pathRewriteSchema,
  signingSecretContext,
} from './snapshot/transform.js';
export {
  type CircuitBreaker,
  circuitBreakerSchema,
  type HealthCheck,
  healthCheckSchema,
  type ResponseCache,
  responseCacheSchema,
  type UpstreamTarget,
  upstreamTargetSchema,
} from './snapshot/upstreams.js';
export * from './usage-event.js';
