import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, type Readable, type Writable } from 'node:stream';
import type { ResponseCache as ResponseCacheSettings } from '@tollgate/contracts';
import type { ErrorCode } from '@tollgate/errors';
import { upstreamForbiddenCode } from '@tollgate/upstream-guard';
import type { Dispatcher } from 'undici';
import { bodyErrorCode, closeAfterAnswer, requestBody } from '../../edge/body-limit.js';
import { nextTraceparent } from '../../observability/traceparent.js';
import { compressible, createCompressor, markEncoded, negotiateEncoding } from '../../proxy/compression.js';
import {
  type CacheEntry,
  CacheRecorder,
  type ResponseCache,
  requestCacheMode,
  storableForMs,
  storedHeaders,
} from '../../proxy/response-cache.js';
import type { GroupTarget, ProxySettings } from '../../proxy/upstream-group.js';
import { isWebSocketUpgrade, proxyWebSocket } from '../../proxy/websocket.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';
import { transformResponse } from './transform.stage.js';

/**
 * proxy: the request goes to a target of the chosen upstream (smooth weighted round robin
 * over the targets that are healthy and whose breaker lets traffic through), over its
 * shared undici pool, the body streamed from the client socket, the answer streamed back
 * (compressed when the client accepts it and the upstream did not); nothing is buffered.
 * A connect error on an idempotent request without a body is retried on another target.
 * Failures before the upstream answered become catalog errors (timeouts 504, unreachable
 * 503, refused address 502); after that the client connection is cut.
 */
export async function proxy(ctx: RequestContext, deps: PipelineDeps): Promise<boolean> {
  const group = ctx.upstream!;
  if (group.forbidden !== null) return ctx.deny('upstream_forbidden', 'proxy');
  const settings = group.settingsFor(ctx.route?.id);
  const headers = ctx.forwardHeaders;
  headers.push(
    'x-request-id',
    ctx.requestId,
    'x-forwarded-for',
    ctx.forwardedFor || (ctx.req.socket.remoteAddress ?? ''),
    'x-forwarded-host',
    ctx.hostHeader,
    'x-forwarded-proto',
    (ctx.req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http',
    'traceparent',
    nextTraceparent(ctx.traceparent),
  );
  if (isWebSocketUpgrade(ctx.req)) return upgrade(ctx, settings, headers);
  if (
    settings.cache !== null &&
    deps.responseCache !== undefined &&
    (ctx.method === 'GET' || ctx.method === 'HEAD') &&
    (await answeredFromCache(ctx, deps.responseCache, settings.cache))
  )
    return false;
  const method = ctx.method as Dispatcher.HttpMethod;
  let retriesLeft = !ctx.hasBody && idempotent.has(ctx.method) ? settings.retries : 0;
  let tried: Set<GroupTarget> | null = null;
  for (;;) {
    const now = Date.now();
    const target = group.pick(now, tried);
    if (target === null || !target.state.breaker.tryPass(now)) {
      // Every target is down, open or already tried.
      return ctx.deny('upstream_unavailable', 'proxy');
    }
    ctx.upstreamStartedAt = performance.now();
    try {
      await target.dispatcher.stream(
        {
          path: target.pathPrefix + ctx.apiPath + ctx.query,
          method,
          headers,
          // Counted against the route's body limit while it streams (edge/body-limit.ts).
          // undici streams async iterables too; its option type only names Readable.
          body: ctx.hasBody ? (requestBody(ctx) as Readable) : null,
          headersTimeout: settings.responseTimeoutMs ?? deps.proxy.headersTimeoutMs,
          // Between two chunks, not in total: a long stream (SSE) lives as long as it keeps talking.
          // (undici runs this and headersTimeout on its fast timers: about 1 s of resolution.)
          bodyTimeout: settings.idleTimeoutMs ?? deps.proxy.bodyTimeoutMs,
          opaque: ctx,
        },
        startResponse,
      );
      target.state.onSuccess();
      return false;
    } catch (error) {
      const bodyCode = bodyErrorCode(error);
      if (bodyCode !== null && !ctx.res.headersSent) {
        // The client's body broke the limit or its framing: not the upstream's failure.
        closeAfterAnswer(ctx);
        return ctx.deny(bodyCode, 'receive');
      }
      const code = errorCode(error);
      const connectError = code !== undefined && connectCodes.has(code);
      if (
        code !== undefined &&
        (unavailableCodes.has(code) || timeoutCodes.has(code) || code === 'UND_ERR_BODY_TIMEOUT')
      )
        target.state.onFailure(Date.now(), connectError);
      if (ctx.res.headersSent) {
        // Too late for a problem answer: cut the connection so the client sees a failure.
        ctx.error = error;
        ctx.res.destroy();
        return false;
      }
      if (connectError && retriesLeft > 0) {
        retriesLeft--;
        if (tried === null) tried = new Set();
        tried.add(target);
        continue;
      }
      const denyCode = proxyErrorCode(error);
      if (denyCode === 'upstream_unavailable' && !(code !== undefined && unavailableCodes.has(code)))
        ctx.error = error;
      return ctx.deny(denyCode, 'proxy');
    }
  }
}

/** A WebSocket upgrade, on routes that allow it: one target, no retry (see proxy/websocket.ts). */
async function upgrade(ctx: RequestContext, settings: ProxySettings, headers: string[]): Promise<boolean> {
  if (!settings.websocket) return ctx.deny('websocket_not_allowed', 'proxy');
  const now = Date.now();
  const target = ctx.upstream!.pick(now, null);
  if (target === null || !target.state.breaker.tryPass(now)) return ctx.deny('upstream_unavailable', 'proxy');
  ctx.upstreamStartedAt = performance.now();
  try {
    await proxyWebSocket(ctx, target, settings, headers);
    target.state.onSuccess();
    return false;
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && (unavailableCodes.has(code) || timeoutCodes.has(code)))
      target.state.onFailure(Date.now(), connectCodes.has(code));
    else ctx.error = error;
    return ctx.deny(proxyErrorCode(error), 'proxy');
  }
}

/** Methods safe to send twice (RFC 9110 idempotent), when there is no body to replay. */
const idempotent = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Response headers that belong to the upstream connection, not to the answer. */
const hopByHop = ['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'trailer'];

function noop(): void {}

/** Module-level (not a closure per request): the context travels as undici's `opaque`. */
function startResponse(data: Dispatcher.StreamFactoryData<RequestContext>): Writable {
  const ctx = data.opaque;
  ctx.upstreamMs = performance.now() - ctx.upstreamStartedAt;
  const status = data.statusCode;
  ctx.status = status;
  const headers: IncomingHttpHeaders = data.headers;
  for (const name of hopByHop) if (headers[name] !== undefined) delete headers[name];
  const pending = ctx.pendingCache;
  if (pending === null) return answer(ctx, status, headers);
  // A cache miss: keep a copy of the body when the upstream's Cache-Control allows it.
  const ttlMs = storableForMs(status, headers, pending.settings);
  const kept = ttlMs > 0 ? storedHeaders(headers) : null;
  headers['x-cache'] = 'MISS';
  const destination = answer(ctx, status, headers);
  if (kept === null) return destination;
  return new CacheRecorder(destination, pending.settings.maxBodyBytes, (body) =>
    pending.cache.store(pending.key, { status, headers: kept, storedAt: Date.now(), body }, ttlMs),
  );
}

/**
 * Writes an answer's head (response header policies, CORS, compression) and gives the
 * stream its body goes into: the client response, or a compressor in front of it.
 */
function answer(ctx: RequestContext, status: number, headers: IncomingHttpHeaders): Writable {
  headers['x-request-id'] = ctx.requestId;
  // Response header policies and gateway CORS (transform's response half).
  transformResponse(ctx, headers);
  const settings: ProxySettings = ctx.upstream!.settingsFor(ctx.route?.id);
  if (settings.compress && compressible(ctx.method, status, headers)) {
    const encoding = negotiateEncoding(ctx.req.headers['accept-encoding']);
    if (encoding !== null) {
      markEncoded(headers, encoding);
      ctx.res.writeHead(status, headers);
      const compressor = createCompressor(encoding);
      // A client that goes away destroys the compressor too, which aborts the upstream request.
      pipeline(compressor, ctx.res, noop);
      return compressor;
    }
  }
  ctx.res.writeHead(status, headers);
  return ctx.res;
}

/**
 * The response cache of a GET/HEAD route: a fresh entry answers the request here (it was
 * admitted: it counts like a proxied call); a miss is marked for storing (GET only).
 */
async function answeredFromCache(
  ctx: RequestContext,
  cache: ResponseCache,
  settings: ResponseCacheSettings,
): Promise<boolean> {
  const mode = requestCacheMode(ctx.req.headers['cache-control'], ctx.req.headers.pragma);
  if (mode === 'bypass') return false;
  const key = cache.key(ctx, settings);
  if (mode === 'use') {
    const entry = await cache.lookup(key);
    if (entry !== null) {
      serveCached(ctx, entry);
      return true;
    }
  }
  if (ctx.method === 'GET') ctx.pendingCache = { cache, key, settings };
  return false;
}

function serveCached(ctx: RequestContext, entry: CacheEntry): void {
  ctx.status = entry.status;
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of entry.headers) {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  headers['content-length'] = String(entry.body.length);
  headers.age = String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1_000)));
  headers['x-cache'] = 'HIT';
  const destination = answer(ctx, entry.status, headers);
  if (ctx.method === 'HEAD') destination.end();
  else destination.end(entry.body);
}

/** Failures of the connection attempt itself: nothing reached the upstream, another target may be tried. */
const connectCodes = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
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
  if (typeof code === 'string') return code;
  // net.connect with autoSelectFamily fails with an AggregateError of each address's error.
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? errorCode(errors[0]) : undefined;
}

export function proxyErrorCode(error: unknown): ErrorCode {
  const code = errorCode(error);
  if (code === upstreamForbiddenCode) return 'upstream_forbidden';
  return code !== undefined && timeoutCodes.has(code) ? 'upstream_timeout' : 'upstream_unavailable';
}
