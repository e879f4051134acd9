export * from './accounts.factory.js';
export * from './apis.factory.js';
export * from './consumers.factory.js';
export type { FactoryDb } from './db-client.js';
export * from './keys.factory.js';
export * from './plans.factory.js';
export * from './scenario.factory.js';
