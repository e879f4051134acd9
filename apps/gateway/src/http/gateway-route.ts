import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { newId } from '@tollgate/contracts';
import { problemContentType } from '@tollgate/errors';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerFactory,
  FastifyServerFactoryHandler,
} from 'fastify';
import type { Logger } from 'pino';
import { handleRequest } from '../pipeline/pipeline.js';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import { problemBody } from '../pipeline/respond.js';
import { listenForUpgrades } from '../proxy/websocket.js';

const ownPrefix = '/_tollgate/';

/**
 * The only place that knows Fastify. Tenant traffic never enters Fastify (nor Nest): the
 * HTTP server Fastify is given (its `serverFactory`) hands every request straight to the
 * pipeline, so a call pays for no router, request/reply objects or hooks. Only the
 * gateway's own paths (`/_tollgate/…`, the health check) go to Fastify and Nest; its
 * catch-all route sends anything else under that prefix to the pipeline as before.
 */
export class TenantServer {
  private deps: PipelineDeps | null = null;
  private closing = false;

  constructor(private readonly maxHeaderSize: number) {}

  /** Fastify's `serverFactory`: the server it listens with and closes. */
  readonly factory: FastifyServerFactory = (fastifyHandler: FastifyServerFactoryHandler, options) => {
    const server = createServer(
      { maxHeaderSize: this.maxHeaderSize },
      (req: IncomingMessage, res: ServerResponse) => {
        const deps = this.deps;
        const url = req.url;
        if (deps === null || url?.startsWith(ownPrefix) === true) {
          fastifyHandler(req, res);
          return;
        }
        // Shutting down: this answer is the connection's last (Fastify's 503-on-close, but served).
        if (this.closing) res.shouldKeepAlive = false;
        void handleRequest(req, res, deps);
      },
    );
    // What Fastify sets on a server it creates itself (see fastify/lib/server.js).
    server.keepAliveTimeout = options.keepAliveTimeout as number;
    server.requestTimeout = options.requestTimeout as number;
    server.setTimeout(options.connectionTimeout as number);
    return server;
  };

  /** Hands tenant traffic to the pipeline from now on (Nest has built its dependencies). */
  attach(instance: FastifyInstance, deps: PipelineDeps): void {
    this.deps = deps;
    instance.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }
}

export function registerGatewayRoute(
  instance: FastifyInstance,
  deps: PipelineDeps,
  tenantServer?: TenantServer,
): void {
  // Bodies are streamed to the upstream untouched: no parser may read them first.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', leaveBodyUnparsed);
  // `/_tollgate/…` paths other than the gateway's own still go through the pipeline (as any path would).
  instance.route({
    method: instance.supportedMethods,
    url: '/*',
    exposeHeadRoute: false,
    handler(request: FastifyRequest, reply: FastifyReply): void {
      reply.hijack();
      void handleRequest(request.raw, reply.raw, deps);
    },
  });
  tenantServer?.attach(instance, deps);
  // WebSocket upgrades never reach a Fastify route: they enter the same pipeline from here.
  listenForUpgrades(instance.server as Server, handleRequest, deps);
}

function leaveBodyUnparsed(_request: FastifyRequest, _payload: unknown, done: (error: null) => void): void {
  done(null);
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route runs (a malformed
 * URL mostly) still gets a problem+json answer and an access line.
 */
export function frameworkErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const requestId = newId('request');
    const code = error.code === 'FST_ERR_BAD_URL' ? 'bad_path' : 'bad_request';
    logger.info(
      { requestId, method: request.raw.method, status: 400, denyCode: code, stage: 'receive' },
      'request',
    );
    reply
      .code(400)
      .header('content-type', problemContentType)
      .header('x-request-id', requestId)
      .send(problemBody(code, requestId));
  };
}
