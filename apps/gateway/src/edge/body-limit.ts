import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '@tollgate/errors';
import type { RequestContext } from '../pipeline/request-context.js';

/**
 * Request body limits, checked while the body streams, never by buffering it. A declared
 * `Content-Length` over the limit is refused before any upstream request (resolve calls
 * {@link declaredBodyTooLarge}); Node's parser then guarantees no more bytes than declared.
 * A chunked body is counted as it passes to the upstream ({@link requestBody}): past the
 * limit the upstream request is aborted and the client answered 413 (if nothing was sent yet).
 */

/** Thrown inside the upstream request's body; the proxy stage answers with its `code`. */
export class RequestBodyError extends Error {
  readonly code: ErrorCode;
  constructor(code: 'request_body_too_large' | 'bad_request', cause?: unknown) {
    super(code === 'bad_request' ? 'request body ended abnormally' : 'request body over the limit', {
      cause,
    });
    this.name = 'RequestBodyError';
    this.code = code;
  }
}

/**
 * After a body denial the rest of the body is unread: the connection is closed after the
 * answer (never reused for a next request), and what still arrives is drained so the
 * client reads the answer instead of a reset.
 */
export function closeAfterAnswer(ctx: RequestContext): void {
  ctx.res.shouldKeepAlive = false;
  if (ctx.req.readableEnded === false) ctx.req.resume();
}

/** The route's limit against a declared `Content-Length`: true when it must be refused. */
export function declaredBodyTooLarge(ctx: RequestContext): boolean {
  if (ctx.contentLength <= ctx.maxBodyBytes) return false;
  closeAfterAnswer(ctx);
  return true;
}

/** What the proxy stage streams upstream: the request itself when its length is declared. */
export function requestBody(ctx: RequestContext): IncomingMessage | AsyncIterable<Buffer> {
  return ctx.contentLength >= 0 ? ctx.req : countedBody(ctx.req, ctx.maxBodyBytes);
}

async function* countedBody(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  // destroyOnReturn false: stopping early must not destroy the socket the 413 goes out on.
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Buffer>;
  try {
    for await (const chunk of chunks) {
      seen += chunk.length;
      if (seen > limit) throw new RequestBodyError('request_body_too_large');
      yield chunk;
    }
  } catch (error) {
    if (error instanceof RequestBodyError) throw error;
    // The client went away or sent malformed chunking (the parser's clientError answers it).
    throw new RequestBodyError('bad_request', error);
  }
}

/** In the proxy stage's catch: a body failure is the client's, not the upstream's. */
export function bodyErrorCode(error: unknown): ErrorCode | null {
  return error instanceof RequestBodyError ? error.code : null;
}
