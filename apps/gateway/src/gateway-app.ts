import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { clientErrorHandler } from './edge/client-error.js';
import type { GatewayEnv } from './env.js';
import { GatewayModule } from './gateway.module.js';
import type { GatewayOptions } from './gateway-options.js';
import { frameworkErrorHandler, registerGatewayRoute, TenantServer } from './http/gateway-route.js';
import { ProblemExceptionFilter } from './http/problem-exception.filter.js';
import { createLogger } from './infra/logger.js';
import { PinoNestLogger } from './infra/pino-nest-logger.js';
import type { PipelineDeps } from './pipeline/pipeline-deps.js';
import { PIPELINE_DEPS } from './tokens.js';

export interface GatewayApp {
  app: NestFastifyApplication;
  logger: Logger;
}

/**
 * Builds the gateway (modules, snapshots loaded, subscriptions on) without listening:
 * `main.ts` and the tests both start from here.
 */
export async function createGatewayApp(env: GatewayEnv, options: GatewayOptions = {}): Promise<GatewayApp> {
  const logger = createLogger(env.LOG_LEVEL, options.logDestination);
  // Tenant traffic goes from this server straight to the pipeline, past Fastify and Nest.
  const tenantServer = new TenantServer(env.GATEWAY_MAX_HEADER_BYTES);
  const adapter = new FastifyAdapter({
    serverFactory: tenantServer.factory,
    logger: false,
    // No Nest middleware here, so no middie hook on every request.
    skipMiddie: true,
    frameworkErrors: frameworkErrorHandler(logger),
    // The header limit is the parser's (the server above): 431 from the clientError handler,
    // which also answers the parser's 400s (smuggling shapes such as CL+TE or duplicate
    // Content-Length end there).
    clientErrorHandler: clientErrorHandler(logger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(env, logger, options),
    adapter,
    {
      bodyParser: false,
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new ProblemExceptionFilter(logger));
  registerGatewayRoute(
    app.getHttpAdapter().getInstance(),
    app.get<PipelineDeps>(PIPELINE_DEPS),
    tenantServer,
  );
  await app.init();
  return { app, logger };
}
