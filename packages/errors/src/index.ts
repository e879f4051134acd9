export * from './catalog.js';
export * from './problem.js';
