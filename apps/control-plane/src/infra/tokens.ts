/** DI tokens for values that are not classes. Inject with `@Inject(TOKEN)`. */
export const ENV = Symbol('ENV');
export const PRISMA = Symbol('PRISMA');
export const REDIS = Symbol('REDIS');
export const REDIS_PREFIX = Symbol('REDIS_PREFIX');
