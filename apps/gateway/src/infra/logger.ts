import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The gateway's one pino logger (JSON, `service: gateway`), for access lines and
 * everything else. By default it writes to stdout asynchronously (sonic-boom), so a log
 * line never blocks a request; lines are gathered into writes of at least
 * {@link logBatchBytes} (one syscall per ~10 access lines instead of one each, which was
 * about a tenth of the gateway's CPU under load), and written at least every
 * {@link logFlushMs} when traffic is light. `flushLogger` drains it at shutdown (and pino
 * flushes it synchronously on exit).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gateway' },
      timestamp: isoTime,
      // Belt and braces: these never belong in a line, whoever logs them.
      redact: {
        paths: ['key', 'apiKey', 'authorization', 'password', '*.authorization', '*.password'],
        remove: true,
      },
    },
    destination ??
      pino.destination({ dest: 1, sync: false, minLength: logBatchBytes, periodicFlush: logFlushMs }),
  );
}

let lastMs = -1;
let lastTime = '';

/** pino's `isoTime`, rendered once per millisecond (busy processes log many lines per ms). */
function isoTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

export const logBatchBytes = 4096;
export const logFlushMs = 200;

export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
