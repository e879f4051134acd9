import { EnvError } from '@tollgate/config';
import { loadEnv, type WorkerEnv } from './env.js';
import { createLogger } from './logger.js';
import { startWorkerApp } from './worker-app.js';

let env: WorkerEnv;
try {
  env = loadEnv();
} catch (error) {
  // No logger yet (its level comes from the env): say every problem plainly and stop.
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
const logger = createLogger(env.LOG_LEVEL);

try {
  const app = await startWorkerApp(env, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second signal: the operator does not want to wait. Unfinished jobs are redelivered.
      logger.warn({ signal }, 'second signal; exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down; finishing running jobs');
    app.close().then(
      () => {
        logger.info('worker stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exitCode = 1;
}
