import { HttpException } from '@nestjs/common';
import { type ErrorCode, isTollgateError, type Problem, problemFromError, toProblem } from '@tollgate/errors';
import type { FastifyBaseLogger } from 'fastify';

/** Nest's own HTTP exceptions (unknown route, …) mapped onto the catalog. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'validation_failed';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'internal_error';
}

/** Fastify's own errors (malformed JSON, body too large, wrong content type) carry a 4xx `statusCode`. */
function clientStatusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || error instanceof HttpException) return null;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * The problem+json body for anything thrown while serving a request. Only catalog errors keep
 * their detail; for everything else the client gets the catalog's text and the cause goes to the log.
 */
export function problemForRequest(error: unknown, requestId: string, log: FastifyBaseLogger): Problem {
  if (isTollgateError(error)) {
    const problem = problemFromError(error, requestId);
    if (problem.status >= 500) log.error({ err: error }, 'request failed');
    return problem;
  }
  if (error instanceof HttpException) {
    const code = codeForStatus(error.getStatus());
    if (code === 'internal_error') log.error({ err: error }, 'request failed');
    return toProblem(code, requestId);
  }
  const clientStatus = clientStatusOf(error);
  if (clientStatus !== null) {
    const detail =
      clientStatus === 415
        ? 'Send JSON with Content-Type: application/json.'
        : clientStatus === 413
          ? 'The request body is too large.'
          : 'The request body is not valid JSON.';
    return toProblem('bad_request', requestId, detail);
  }
  log.error({ err: error }, 'request failed');
  return problemFromError(error, requestId);
}
