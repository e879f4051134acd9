import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The gateway's one pino logger (JSON, `service: gateway`), for access lines and
 * everything else. By default it writes to stdout asynchronously (sonic-boom), so a log
 * line never blocks a request; `flushLogger` drains it at shutdown.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: these never belong in a line, whoever logs them.
      redact: {
        paths: ['key', 'apiKey', 'authorization', 'password', '*.authorization', '*.password'],
        remove: true,
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
