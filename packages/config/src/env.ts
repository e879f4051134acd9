import { isIP } from 'node:net';
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

/** A comma-separated list of IPs/CIDRs of proxies whose `X-Forwarded-For` is believed; empty trusts none. */
function trustedProxies(description: string) {
  return z
    .string()
    .default('')
    .refine(
      (value) => value.split(',').every((entry) => entry.trim() === '' || isAddressOrCidr(entry.trim())),
      'must be comma-separated IP addresses or CIDR ranges (10.0.0.0/8, ::1)',
    )
    .describe(description);
}

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
  GATEWAY_SPOOL_DIR: z
    .string()
    .default('.tollgate/spool')
    .describe(
      'Where usage batches wait on disk while the usage queue (Redis) is unreachable; replayed when it is back',
    ),
  GATEWAY_SPOOL_MAX_BYTES: z
    .string()
    .regex(/^\d{1,12}$/, 'must be a number of bytes')
    .default(String(256 * 1024 * 1024))
    .transform(Number)
    .pipe(z.int().min(0))
    .describe(
      'Bound on the usage spool; beyond it batches wait in memory (bounded too) and the gateway logs that the spool is full',
    ),
  GATEWAY_ADMIN_PORT: port(9080).describe(
    'Admin listener: /metrics (Prometheus), /healthz, /readyz. 0 picks a free port',
  ),
  GATEWAY_ADMIN_HOST: host('127.0.0.1').describe('Interface of the admin listener'),
  GATEWAY_TLS_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (digits only)')
    .transform(Number)
    .pipe(z.int().min(0).max(65535))
    .optional()
    .describe(
      'When set, the gateway also listens with HTTPS here, with SNI certificates of verified custom domains',
    ),
  GATEWAY_HEARTBEAT_MS: z
    .string()
    .regex(/^\d{1,7}$/, 'must be milliseconds')
    .default('5000')
    .transform(Number)
    .pipe(z.int().min(100))
    .describe('How often each gateway writes its heartbeat (id, config versions served) to Redis'),
  GATEWAY_TRUSTED_PROXIES: trustedProxies(
    'Peers whose X-Forwarded-For is believed (load balancers): comma-separated IPs or CIDRs. Empty: the socket address is the client',
  ),
  GATEWAY_MAX_HEADER_BYTES: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a number of bytes')
    .default('16384')
    .transform(Number)
    .pipe(z.int().min(1024))
    .describe('Largest request line + headers accepted (431 above it)'),
  GATEWAY_MAX_BODY_BYTES: z
    .string()
    .regex(/^\d{1,12}$/, 'must be a number of bytes')
    .default(String(10 * 1024 * 1024))
    .transform(Number)
    .pipe(z.int().min(0))
    .describe(
      'Default largest request body (413 above it); APIs and routes may override it in their edge policies',
    ),
  GATEWAY_LIMITS_TIMEOUT_MS: z
    .string()
    .regex(/^\d{1,6}$/, 'must be milliseconds')
    .default('250')
    .transform(Number)
    .pipe(z.int().min(1))
    .describe(
      "Longest wait for the rate-limit/quota check in Redis; beyond it each limit's fail mode (open or closed) applies",
    ),
  GATEWAY_TENANT_MAX_CONCURRENT: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a number of requests')
    .default('1000')
    .transform(Number)
    .pipe(z.int().min(1))
    .describe(
      "Default cap on one tenant's calls in progress on each gateway process (503 capacity_unavailable beyond); tenants may set their own",
    ),
  GATEWAY_ALLOW_PRIVATE_UPSTREAMS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((slug) => slug.trim())
        .filter((slug) => slug !== ''),
    )
    .describe(
      'Tenant slugs (comma-separated, or * for all) whose upstreams may be on loopback/private addresses, besides tenants whose snapshot allows it; for local demos and tests',
    ),
});

/** `1.2.3.4`, `::1`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrCidr(entry: string): boolean {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash === -1) return true;
  const bits = entry.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export const controlPlaneEnv = z.object({
  CONTROL_PLANE_PORT: port(3001),
  CONTROL_PLANE_HOST: host('127.0.0.1'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').describe('Signs session cookies'),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Set false only for local http development'),
  ALLOWED_PRIVATE_UPSTREAM_TENANTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((slug) => slug.trim())
        .filter((slug) => slug !== ''),
    )
    .describe(
      'Tenant slugs (comma-separated, or `*` for all) whose upstreams may be on loopback, private or CGNAT addresses',
    ),
  CONTROL_PLANE_TRUSTED_PROXIES: trustedProxies(
    'Peers whose X-Forwarded-For is believed (the portal, a load balancer): comma-separated IPs or CIDRs. Empty: the socket address is the client, e.g. for per-IP login throttling and audit events',
  ),
});

export const mailEnv = z.object({
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
    .default('smtp://127.0.0.1:1025')
    .describe('Where the control plane sends mail (password resets); in development the local SMTP sink'),
  MAIL_FROM: z
    .string()
    .min(3)
    .default('Tollgate <no-reply@tollgate.localhost>')
    .describe('Sender of the mail the platform sends'),
  PORTAL_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s):// URL' })
    .default('http://localhost:3000')
    .describe('The portal as users reach it; links in mail (password reset) point there'),
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
