/** Nest injection tokens for values that are not classes. */
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');
export const LOGGER = Symbol('LOGGER');
export const PRISMA = Symbol('PRISMA');
export const USAGE_QUEUE = Symbol('USAGE_QUEUE');
export const PIPELINE_DEPS = Symbol('PIPELINE_DEPS');
