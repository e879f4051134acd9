import { redisKeys } from '@tollgate/contracts';
import { secretBoxFromEnv } from '@tollgate/secrets';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../env.js';
import { AuthServices } from './auth-services.js';
import { ConsumerCache, type ConsumerCacheOptions, defaultConsumerCacheOptions } from './consumer-cache.js';
import {
  defaultInvalidAttemptsOptions,
  InvalidAttempts,
  type InvalidAttemptsOptions,
} from './invalid-attempts.js';

/** Tuning of authenticate's caches and counters (code defaults; tests shorten them). */
export interface AuthOptions {
  invalidAttempts?: Partial<InvalidAttemptsOptions>;
  consumerCache?: Partial<ConsumerCacheOptions>;
}

/** Builds authenticate's services from the environment, once at boot. */
export function createAuthServices(
  env: GatewayEnv,
  redisGet: (key: string) => Promise<string | null>,
  logger: Logger,
  options: AuthOptions = {},
): AuthServices {
  const masterKey = env.MASTER_KEY;
  const secrets = masterKey === undefined ? null : secretBoxFromEnv({ ...env, MASTER_KEY: masterKey });
  return new AuthServices({
    consumers: new ConsumerCache(
      (tenantId, externalId) => redisGet(redisKeys.consumerIndex(env.REDIS_PREFIX, tenantId, externalId)),
      { ...defaultConsumerCacheOptions, ...options.consumerCache },
      (tenantId, error) => logger.error({ err: error, tenantId }, 'unreadable consumer index entry'),
    ),
    openSecret: secrets === null ? null : (sealed, context) => secrets.openString(sealed, context),
    invalidAttempts: new InvalidAttempts({ ...defaultInvalidAttemptsOptions, ...options.invalidAttempts }),
    onError: (message, error) => logger.error({ err: error }, message),
  });
}
