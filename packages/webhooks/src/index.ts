export * from './webhook-event.js';
export * from './webhook-signature.js';
