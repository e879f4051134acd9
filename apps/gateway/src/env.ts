import { databaseEnv, gatewayEnv, keysEnv, logEnv, parseEnv, redisEnv } from '@tollgate/config';
import { z } from 'zod';

/** Everything the gateway reads from its environment, parsed once at boot. */
export const gatewayEnvSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...keysEnv.shape,
  ...gatewayEnv.shape,
  ...logEnv.shape,
});

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

export function loadEnv(env?: Record<string, string | undefined>): GatewayEnv {
  return parseEnv(gatewayEnvSchema, env);
}
