import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { loadCliEnv } from '../env.js';
import { PinoNestLogger } from '../infra/pino-nest.logger.js';
import { CliModule } from './cli.module.js';

/** Boots the projections without HTTP, runs `command`, closes the clients and sets the exit code. */
export async function runCommand(
  name: string,
  command: (app: INestApplicationContext, log: pino.Logger) => Promise<void>,
): Promise<void> {
  let app: INestApplicationContext | undefined;
  let log: pino.Logger | undefined;
  try {
    const env = loadCliEnv();
    log = pino({ level: env.LOG_LEVEL, base: { service: 'control-plane', command: name } });
    app = await NestFactory.createApplicationContext(CliModule.forRoot(env), {
      logger: new PinoNestLogger(log),
    });
    await command(app, log);
  } catch (error) {
    if (log) log.error({ err: error }, `${name} failed`);
    else console.error(error);
    process.exitCode = 1;
  } finally {
    await app?.close();
  }
}
