import 'reflect-metadata';
import { EnvError } from '@tollgate/config';
import { createApp } from './create-app.js';
import { loadEnv } from './env.js';

/** Longest a shutdown may take (in-flight requests finishing, clients closing) before the process exits anyway. */
const shutdownTimeoutMs = 15_000;

async function main(): Promise<void> {
  const env = loadEnv();
  const app = await createApp(env);
  // On SIGTERM/SIGINT Nest stops accepting requests, lets in-flight ones finish, then closes Prisma and Redis.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const log = app.getHttpAdapter().getInstance().log;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      setTimeout(() => process.exit(1), shutdownTimeoutMs).unref();
    });
  }
  await app.listen(env.CONTROL_PLANE_PORT, env.CONTROL_PLANE_HOST);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
