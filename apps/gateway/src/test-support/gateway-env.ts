import { integrationPepper } from './seeding.js';

/**
 * The environment every gateway under test starts from, in this process or as a process of
 * its own: the test's database, Redis and key prefix, and the pepper its keys are seeded with.
 */
export function testGatewayEnv(
  db: { url: string },
  redisPrefix: { redisUrl: string; prefix: string },
): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL: redisPrefix.redisUrl,
    REDIS_PREFIX: redisPrefix.prefix,
    KEY_PEPPER: integrationPepper,
  };
}
