import { loadEnv } from './env.js';
import { createGatewayApp } from './gateway-app.js';
import { flushLogger } from './infra/logger.js';

/**
 * Boots the gateway: env parsed once, snapshots loaded, listening on GATEWAY_HOST:GATEWAY_PORT.
 * SIGTERM/SIGINT drain the server, then flush metering and logs (see GatewayLifecycle).
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const { app, logger } = await createGatewayApp(env);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen({ port: env.GATEWAY_PORT, host: env.GATEWAY_HOST });
  logger.info(
    { host: env.GATEWAY_HOST, port: env.GATEWAY_PORT, domain: env.GATEWAY_DOMAIN },
    'gateway listening',
  );
  process.once('beforeExit', () => void flushLogger(logger));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
