import { loadEnv } from './env.js';
import { createGatewayApp } from './gateway-app.js';
import { flushLogger } from './infra/logger.js';
import { AdminServer } from './observability/admin-server.js';
import { HttpsListener } from './tls/https-listener.js';

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
  if (env.GATEWAY_TLS_PORT !== undefined) {
    const tlsPort = await app.get(HttpsListener).listen(env.GATEWAY_TLS_PORT, env.GATEWAY_HOST);
    logger.info({ host: env.GATEWAY_HOST, port: tlsPort }, 'gateway listening with TLS (SNI)');
  }
  try {
    const adminPort = await app.get(AdminServer).listen(env.GATEWAY_ADMIN_PORT, env.GATEWAY_ADMIN_HOST);
    logger.info(
      { host: env.GATEWAY_ADMIN_HOST, port: adminPort },
      'admin listening (/metrics, /healthz, /readyz)',
    );
  } catch (error) {
    // Tenant traffic does not depend on it; /readyz probes fail, which makes it visible.
    logger.error({ err: error, port: env.GATEWAY_ADMIN_PORT }, 'admin listener not started');
  }
  process.once('beforeExit', () => void flushLogger(logger));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
