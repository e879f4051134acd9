import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { catalog, type ErrorCode, problemContentType } from '@tollgate/errors';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { problemBody } from '../pipeline/respond.js';

/**
 * The app's one exception filter, for what reaches Nest rather than the pipeline: a method
 * the catch-all route does not carry (404), a body Fastify refused before the route (an
 * invalid Content-Type), a failing health check. Everything answers problem+json.
 */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = statusOf(exception);
    const code: ErrorCode =
      status === 404 ? 'route_not_found' : status < 500 ? 'bad_request' : 'internal_error';
    const requestId = newId('request');
    if (code === 'internal_error') this.logger.error({ err: exception, requestId }, 'unhandled error');
    else this.logger.info({ requestId, status: catalog[code].status, denyCode: code }, 'request');
    void reply
      .code(catalog[code].status)
      .header('content-type', problemContentType)
      .header('x-request-id', requestId)
      .send(problemBody(code, requestId));
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
