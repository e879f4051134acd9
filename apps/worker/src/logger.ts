import { pino } from 'pino';

export type Logger = pino.Logger;

/** Paths that may carry secrets; pino replaces their values before a line is written. */
const redactPaths = [
  'password',
  '*.password',
  'key',
  '*.key',
  'authorization',
  '*.authorization',
  'databaseUrl',
  'redisUrl',
  'DATABASE_URL',
  'REDIS_URL',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'worker' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
  });
}
