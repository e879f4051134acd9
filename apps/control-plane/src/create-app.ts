import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { requestIdFor, requestIdHeader } from './common/request-id.js';
import type { Env } from './env.js';
import { PinoNestLogger } from './infra/pino-nest.logger.js';
import { AuthPassport } from './modules/auth/auth.passport.js';

/** Never logged, whatever the log line. */
const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'key',
  '*.key',
];

/** One access line per request, written when the answer is sent: 4xx at info, 5xx at error (tenantId comes from TenantGuard's child logger). */
function accessLog(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const status = reply.statusCode;
  request.log[status >= 500 ? 'error' : 'info'](
    {
      method: request.method,
      route: request.routeOptions.url,
      path: request.url.split('?', 1)[0],
      status,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      userId: request.user?.id,
    },
    'request',
  );
  done();
}

/** The control plane as a Nest app on Fastify, initialised (routes, sessions) but not listening. */
export async function createApp(env: Env): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: {
      level: env.LOG_LEVEL,
      base: { service: 'control-plane' },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    genReqId: requestIdFor,
    requestIdHeader: false,
    // Fastify's own request lines are off: `accessLog` writes the one line per request.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // The client address (per-IP login throttling, audit events) is read from X-Forwarded-For
    // only when the peer is a configured proxy (the portal, a load balancer); else the socket's.
    trustProxy: trustedProxyList(env.CONTROL_PLANE_TRUSTED_PROXIES),
  });
  const fastify = adapter.getInstance();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    logger: new PinoNestLogger(fastify.log),
    abortOnError: false,
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(requestIdHeader, request.id);
    done();
  });
  fastify.addHook('onResponse', accessLog);
  await app.get(AuthPassport).register(app, { secret: env.SESSION_SECRET, secure: env.COOKIE_SECURE });
  await app.init();
  return app;
}

function trustedProxyList(setting: string): string[] | false {
  const entries = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.length === 0 ? false : entries;
}
