import { databaseEnv, gatewayEnv, keysEnv, logEnv, parseEnv, redisEnv, secretsEnv } from '@tollgate/config';
import { z } from 'zod';

/** Everything the gateway reads from its environment, parsed once at boot. */
export const gatewayEnvSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...keysEnv.shape,
  ...gatewayEnv.shape,
  ...logEnv.shape,
  // Optional: a gateway without MASTER_KEY boots and serves every snapshot that carries no
  // sealed secret; a snapshot that does is refused at load (logged) until the key is set.
  ...secretsEnv.partial({ MASTER_KEY: true }).shape,
});

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

export function loadEnv(env?: Record<string, string | undefined>): GatewayEnv {
  return parseEnv(gatewayEnvSchema, env);
}
