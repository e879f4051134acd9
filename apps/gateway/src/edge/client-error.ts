import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { newId } from '@tollgate/contracts';
import { catalog, type ErrorCode, problemContentType } from '@tollgate/errors';
import type { Logger } from 'pino';
import { problemBody } from '../pipeline/respond.js';

/**
 * What Node's HTTP parser refuses before (or while) a request reaches the pipeline: headers
 * over `maxHeaderSize` (431), and every malformed or ambiguous framing (400): Content-Length
 * together with Transfer-Encoding, two Content-Lengths, a Transfer-Encoding that does not end
 * in `chunked`, a bad chunk size. These are the request smuggling shapes; none reaches an
 * upstream as a request of its own. The answer is problem+json and the connection is closed,
 * since the rest of its bytes cannot be trusted to frame anything.
 */
export function clientErrorHandler(logger: Logger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    // Slow or idle clients (header/request timeouts) and answers already under way: just close.
    const answerable =
      socket.writable &&
      error.code !== 'ERR_HTTP_REQUEST_TIMEOUT' &&
      (inFlight === null || inFlight === undefined || !inFlight.headersSent);
    if (!answerable) {
      socket.destroy();
      return;
    }
    const code: ErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'request_header_too_large' : 'bad_request';
    const requestId = newId('request');
    logger.info(
      { requestId, status: catalog[code].status, denyCode: code, stage: 'receive', parserError: error.code },
      'request',
    );
    // The request in flight (a body that failed to parse) must not be answered a second time.
    if (inFlight) inFlight.shouldKeepAlive = false;
    socket.end(rawProblem(code, requestId));
    // A client that never reads its answer does not keep the socket.
    setTimeout(() => socket.destroy(), 5_000).unref();
  };
}

function rawProblem(code: ErrorCode, requestId: string): string {
  const body = problemBody(code, requestId);
  const status = catalog[code].status;
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    `Content-Type: ${problemContentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\n' +
    `X-Request-Id: ${requestId}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}
