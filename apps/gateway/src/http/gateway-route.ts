import { newId } from '@tollgate/contracts';
import { problemContentType } from '@tollgate/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { handleRequest } from '../pipeline/pipeline.js';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import { problemBody } from '../pipeline/respond.js';
import { listenForUpgrades } from '../proxy/websocket.js';

/**
 * The only place that knows Fastify. Tenant traffic is one catch-all route whose handler
 * takes the raw Node request and response over (`reply.hijack()`): no Fastify reply
 * serialisation, no Nest guards, interceptors or pipes; the stages do the rest.
 */
export function registerGatewayRoute(instance: FastifyInstance, deps: PipelineDeps): void {
  // Bodies are streamed to the upstream untouched: no parser may read them first.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', leaveBodyUnparsed);
  instance.route({
    method: instance.supportedMethods,
    url: '/*',
    exposeHeadRoute: false,
    handler(request: FastifyRequest, reply: FastifyReply): void {
      reply.hijack();
      void handleRequest(request.raw, reply.raw, deps);
    },
  });
  // WebSocket upgrades never reach a Fastify route: they enter the same pipeline from here.
  listenForUpgrades(instance.server, handleRequest, deps);
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
