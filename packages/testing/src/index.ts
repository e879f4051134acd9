export * from './certificates.js';
export * from './echo-upstream.js';
export * from './factories/index.js';
export * from './own-redis.js';
export * from './smtp-sink.js';
export * from './test-database.js';
export * from './test-env.js';
export * from './test-redis.js';
