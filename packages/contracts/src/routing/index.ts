export * from './api-versions.js';
export * from './limit-rules.js';
export * from './route-match.js';
export * from './stages.js';
