export * from './config-snapshot.js';
export * from './ids.js';
export * from './key-record.js';
export * from './redis-names.js';
export { type RateLimit, rateLimitSchema } from './snapshot/limits.js';
export * from './snapshot/policies.js';
export * from './snapshot/sealed-secret.js';
export * from './usage-event.js';
