import type { IncomingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import type { ErrorCode } from '@tollgate/errors';
import type { Dispatcher } from 'undici';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * proxy: the request goes to the chosen upstream over its shared undici pool, the body
 * streamed from the client socket, the answer streamed back into the client response;
 * nothing is buffered. Failures before the upstream answered become catalog errors
 * (timeouts 504, unreachable 503); after that the client connection is cut.
 */
export async function proxy(ctx: RequestContext, deps: PipelineDeps): Promise<boolean> {
  const upstream = ctx.upstream!;
  const headers = ctx.forwardHeaders;
  headers.push(
    'x-request-id',
    ctx.requestId,
    'x-forwarded-for',
    ctx.req.socket.remoteAddress ?? '',
    'x-forwarded-host',
    ctx.hostHeader,
    'x-forwarded-proto',
    'http',
  );
  ctx.upstreamStartedAt = performance.now();
  try {
    await upstream.dispatcher.stream(
      {
        path: upstream.pathPrefix + ctx.apiPath + ctx.query,
        method: ctx.method as Dispatcher.HttpMethod,
        headers,
        body: ctx.hasBody ? ctx.req : null,
        headersTimeout: deps.proxy.headersTimeoutMs,
        bodyTimeout: deps.proxy.bodyTimeoutMs,
        opaque: ctx,
      },
      startResponse,
    );
    return false;
  } catch (error) {
    if (ctx.res.headersSent) {
      // Too late for a problem answer: cut the connection so the client sees a failure.
      ctx.error = error;
      ctx.res.destroy();
      return false;
    }
    const code = proxyErrorCode(error);
    if (code === 'upstream_unavailable' && !isKnownUnavailable(error)) ctx.error = error;
    return ctx.deny(code, 'proxy');
  }
}

/** Response headers that belong to the upstream connection, not to the answer. */
const hopByHop = ['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'trailer'];

/** Module-level (not a closure per request): the context travels as undici's `opaque`. */
function startResponse(data: Dispatcher.StreamFactoryData<RequestContext>): Writable {
  const ctx = data.opaque;
  ctx.upstreamMs = performance.now() - ctx.upstreamStartedAt;
  ctx.status = data.statusCode;
  const headers: IncomingHttpHeaders = data.headers;
  for (const name of hopByHop) if (headers[name] !== undefined) delete headers[name];
  headers['x-request-id'] = ctx.requestId;
  ctx.res.writeHead(data.statusCode, headers);
  return ctx.res;
}

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'ETIMEDOUT']);
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function proxyErrorCode(error: unknown): ErrorCode {
  const code = errorCode(error);
  return code !== undefined && timeoutCodes.has(code) ? 'upstream_timeout' : 'upstream_unavailable';
}

function isKnownUnavailable(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && unavailableCodes.has(code);
}
