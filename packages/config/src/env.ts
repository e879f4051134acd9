import { z } from 'zod';

/**
 * Env pieces. Each app composes its own small schema from these (spread their `.shape`s
 * into one `z.object`) and parses it once at boot with {@link parseEnv}. Nothing else in
 * the repo reads `process.env`.
 */

// Digits only: z.coerce would read an empty `PORT=` as 0 (a random port) and accept `0x1F`.
const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (digits only)')
    .default(String(fallback))
    .transform(Number)
    .pipe(z.int().min(0).max(65535));

const host = (fallback: string) => z.string().min(1, 'must not be empty').default(fallback);

export const databaseEnv = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' })
    .describe('PostgreSQL connection string, e.g. postgresql://postgres@127.0.0.1:5432/tollgate'),
});

export const redisEnv = z.object({
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .default('redis://127.0.0.1:6379')
    .describe('Redis connection string'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+:$/, 'must be lowercase letters, digits, ":", "_" or "-", ending with ":"')
    .default('tg:')
    .describe('Prefix of every Redis key, channel and queue: lets test runs share one Redis'),
});

export const keysEnv = z.object({
  KEY_PEPPER: z
    .string()
    .min(32, 'must be at least 32 characters')
    .describe('Server-side secret mixed into every API key hash; the same on the control plane and gateways'),
});

export const gatewayEnv = z.object({
  GATEWAY_PORT: port(8080),
  GATEWAY_HOST: host('127.0.0.1'),
  GATEWAY_DOMAIN: z
    .string()
    .default('gw.localhost')
    .describe('Tenants are served at {tenant}.<GATEWAY_DOMAIN> and at /t/{tenant}'),
  GATEWAY_ID: z.string().optional().describe('Names this process in usage batches; defaults to host and pid'),
  SNAPSHOT_DIR: z
    .string()
    .default('.tollgate/snapshots')
    .describe('Where the last good config snapshots are kept'),
});

export const controlPlaneEnv = z.object({
  CONTROL_PLANE_PORT: port(3001),
  CONTROL_PLANE_HOST: host('127.0.0.1'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').describe('Signs session cookies'),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Set false only for local http development'),
});

export const workerEnv = z.object({
  WORKER_HEALTH_PORT: port(3002),
  WORKER_HOST: host('127.0.0.1'),
});

export const secretsEnv = z.object({
  MASTER_KEY: z
    .base64('must be base64')
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .describe('Seals the secrets inside config snapshots and rows (AES-256-GCM)'),
  MASTER_KEY_ID: z.string().min(1).default('mk1').describe('Names MASTER_KEY inside sealed secrets'),
  PREVIOUS_MASTER_KEYS: z
    .string()
    .optional()
    .describe('kid:base64,… of earlier master keys, still accepted for opening while secrets are resealed'),
});

export const logEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export class EnvError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
    this.problems = problems;
  }
}

/** Parses `env` with `schema`, throwing one {@link EnvError} that lists every problem. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    return `${name}: ${issue.message}`;
  });
  throw new EnvError(problems);
}
