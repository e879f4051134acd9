import {
  controlPlaneEnv,
  databaseEnv,
  logEnv,
  mailEnv,
  parseEnv,
  redisEnv,
  secretsEnv,
  workerEnv,
} from '@tollgate/config';
import { z } from 'zod';

// Digits only, like @tollgate/config's port: an empty value must not read as 0.
const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number (digits only)')
    .default(String(fallback))
    .transform(Number)
    .pipe(z.int().min(min).max(max));

/**
 * Metering settings of the worker. (Candidates for `workerEnv` in @tollgate/config once
 * another part reads them; only the worker does today.)
 */
export const meteringEnv = z.object({
  USAGE_LATE_GRACE_SECONDS: wholeNumber(3_600, 0, 90 * 24 * 3_600).describe(
    'An event arriving this long after its billing period ended is recorded as late and not billed',
  ),
  REQUEST_LOG_ENABLED: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true')
    .describe('Keep every usage event in the request log (partitioned by day)'),
  REQUEST_LOG_RETENTION_DAYS: wholeNumber(7, 1, 3_650).describe(
    'Days of request log kept besides today; older day partitions are dropped whole',
  ),
});

/** Everything the worker reads from the environment, parsed once at boot. */
export const workerEnvSchema = z.object({
  ...databaseEnv.shape,
  ...redisEnv.shape,
  ...workerEnv.shape,
  ...meteringEnv.shape,
  // Alerts mail provider admins and consumers (the local SMTP sink in development).
  ...mailEnv.shape,
  // Opens webhook endpoints' signing secrets. Optional: without it, deliveries fail (logged) and nothing else does.
  ...secretsEnv.partial({ MASTER_KEY: true }).shape,
  // Webhook endpoints of these tenants may be on loopback/private addresses (development and tests).
  ALLOWED_PRIVATE_UPSTREAM_TENANTS: controlPlaneEnv.shape.ALLOWED_PRIVATE_UPSTREAM_TENANTS,
  ...logEnv.shape,
});

export type WorkerEnv = z.output<typeof workerEnvSchema>;

export function loadEnv(env?: Record<string, string | undefined>): WorkerEnv {
  return parseEnv(workerEnvSchema, env);
}
