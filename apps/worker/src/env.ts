import { databaseEnv, logEnv, parseEnv, redisEnv, workerEnv } from '@tollgate/config';
import { z } from 'zod';

/** Everything the worker reads from the environment, parsed once at boot. */
export const workerEnvSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...workerEnv.shape,
  ...logEnv.shape,
});

export type WorkerEnv = z.output<typeof workerEnvSchema>;

export function loadEnv(env?: Record<string, string | undefined>): WorkerEnv {
  return parseEnv(workerEnvSchema, env);
}
