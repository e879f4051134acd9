import { controlPlaneEnv, databaseEnv, keysEnv, logEnv, mailEnv, parseEnv, redisEnv } from '@tollgate/config';
import { z } from 'zod';

/** Everything the control plane server reads from its environment, parsed once at boot. */
export const envSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...keysEnv.shape,
  ...controlPlaneEnv.shape,
  ...mailEnv.shape,
  ...logEnv.shape,
});
export type Env = z.output<typeof envSchema>;

/** What the maintenance commands (`src/cli/*`) need: no HTTP, no session secret. */
export const cliEnvSchema = z.object({ ...databaseEnv.shape, ...redisEnv.shape, ...logEnv.shape });
export type CliEnv = z.output<typeof cliEnvSchema>;

export function loadEnv(source?: Record<string, string | undefined>): Env {
  return parseEnv(envSchema, source);
}

export function loadCliEnv(source?: Record<string, string | undefined>): CliEnv {
  return parseEnv(cliEnvSchema, source);
}
