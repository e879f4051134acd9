import {
  controlPlaneEnv,
  databaseEnv,
  gatewayEnv,
  keysEnv,
  logEnv,
  mailEnv,
  parseEnv,
  redisEnv,
  secretsEnv,
} from '@tollgate/config';
import { z } from 'zod';

/** Everything the control plane server reads from its environment, parsed once at boot. */
export const envSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...keysEnv.shape,
  ...controlPlaneEnv.shape,
  ...mailEnv.shape,
  ...logEnv.shape,
  // Seals the secrets the control plane stores (TLS private keys…); the gateways open them with the same key.
  ...secretsEnv.shape,
  // Custom domains may not be the gateways' own domain or below it.
  ...gatewayEnv.pick({ GATEWAY_DOMAIN: true }).shape,
});
export type Env = z.output<typeof envSchema>;

/** What the maintenance commands (`src/cli/*`) need: no HTTP, no session secret. */
export const cliEnvSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...logEnv.shape,
  // Only `secrets:reseal` needs the master keys; the other commands run without them.
  ...secretsEnv.partial({ MASTER_KEY: true }).shape,
  // `config:publish` checks upstreams as the server does, with the same allowance.
  ...controlPlaneEnv.pick({ ALLOWED_PRIVATE_UPSTREAM_TENANTS: true }).shape,
});
export type CliEnv = z.output<typeof cliEnvSchema>;

export function loadEnv(source?: Record<string, string | undefined>): Env {
  return parseEnv(envSchema, source);
}

export function loadCliEnv(source?: Record<string, string | undefined>): CliEnv {
  return parseEnv(cliEnvSchema, source);
}
