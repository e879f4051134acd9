import type { LoggerService } from '@nestjs/common';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogFn = (object: object, message?: string) => void;
export type PinoLike = Record<Level, LogFn>;

const wiringContexts = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's own log lines (boot, module wiring, `new Logger(...)` in services) into the same pino
 * JSON stream as Fastify's. Nest passes the logger's context as the last string argument.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: PinoLike) {}

  log(message: unknown, ...params: unknown[]): void {
    // Nest's module and route wiring lines are noise in production logs.
    const context = params[params.length - 1];
    this.write(
      typeof context === 'string' && wiringContexts.has(context) ? 'debug' : 'info',
      message,
      params,
    );
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    if (message instanceof Error) {
      this.pino[level]({ context, err: message });
    } else if (typeof message === 'object' && message !== null) {
      const text = rest.find((p): p is string => typeof p === 'string');
      this.pino[level]({ context, ...message }, text);
    } else {
      // Nest's error(message, stack, context): keep the stack as a field.
      const stack = rest.find((p): p is string => typeof p === 'string');
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
