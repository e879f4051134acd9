export * from './config-snapshot.js';
export * from './ids.js';
export * from './key-record.js';
export * from './redis-names.js';
export * from './usage-event.js';
