export * from './check-url.js';
export * from './guarded-lookup.js';
export { type AddressRisk, alwaysRefused, classifyAddress } from './ip.js';
