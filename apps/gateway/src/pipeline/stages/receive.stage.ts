import { newId } from '@tollgate/contracts';
import { clientAddress } from '../../edge/trusted-proxies.js';
import { normalizePath } from '../normalize-path.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * receive: request id, client address, canonical path, the headers the upstream will get.
 * Hop-by-hop headers (RFC 9110 §7.6.1) and those named in `Connection`, `Host` and the
 * `X-Forwarded-*` / `X-Request-Id` headers the gateway sets itself are dropped; the rest is
 * copied once, in order, from `rawHeaders`. `X-Forwarded-For` is read only from a trusted
 * proxy. Size limits: headers by the parser (`maxHeaderSize`, 431 in the server's
 * clientError handler), a declared body by resolve (the limit is the route's), a chunked
 * body while it streams (edge/body-limit.ts).
 */

const dropped = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // Node already answered `100-continue` to the client; undici refuses the header.
  'expect',
  'host',
  'x-request-id',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

/** What an incoming `X-Request-Id` may look like to be kept (it ends up in logs and headers). */
const validRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

export function receive(ctx: RequestContext, deps: PipelineDeps): boolean {
  const raw = ctx.req.rawHeaders;
  const forward: string[] = [];
  let connection: string | null = null;
  let incomingId: string | null = null;
  let forwardedFor: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    switch (lower) {
      case 'host':
        ctx.hostHeader = value;
        ctx.host = hostWithoutPort(value);
        continue;
      case 'x-request-id':
        incomingId = value;
        continue;
      case 'traceparent':
        // Replaced by the gateway's own hop of the trace (proxy), see observability/traceparent.
        ctx.traceparent = value;
        continue;
      case 'connection':
        connection = connection === null ? value : `${connection}, ${value}`;
        continue;
      case 'x-forwarded-for':
        forwardedFor = forwardedFor === null ? value : `${forwardedFor}, ${value}`;
        continue;
      case 'api-version':
        ctx.apiVersion = value.trim();
        break;
      case 'content-length':
        // The parser already refused a non-numeric or repeated Content-Length.
        ctx.contentLength = Number(value);
        if (ctx.contentLength !== 0) ctx.hasBody = true;
        break;
      case 'transfer-encoding':
        ctx.hasBody = true;
        continue;
      case 'authorization':
        ctx.authorization = value;
        ctx.authorizationIndex = forward.length;
        break;
      case 'x-api-key':
        ctx.apiKey = value;
        ctx.apiKeyIndex = forward.length;
        break;
      default:
        if (dropped.has(lower)) continue;
    }
    forward.push(name, value);
  }
  ctx.forwardHeaders = connection === null ? forward : dropConnectionListed(ctx, forward, connection);
  ctx.requestId = incomingId !== null && validRequestId.test(incomingId) ? incomingId : newId('request');
  const peer = ctx.req.socket.remoteAddress ?? '';
  if (forwardedFor === null || deps.edge.trustedProxies === null) {
    ctx.clientIp = peer;
    ctx.forwardedFor = peer;
  } else {
    const address = clientAddress(peer, forwardedFor, deps.edge.trustedProxies);
    ctx.clientIp = address.clientIp;
    ctx.forwardedFor = address.forwardedFor;
  }

  const url = ctx.req.url ?? '/';
  const mark = url.indexOf('?');
  const path = normalizePath(mark === -1 ? url : url.slice(0, mark));
  if (path === null) {
    ctx.path = mark === -1 ? url : url.slice(0, mark);
    return ctx.deny('bad_path', 'receive');
  }
  ctx.path = path;
  ctx.query = mark === -1 ? '' : url.slice(mark);
  return false;
}

function hostWithoutPort(host: string): string {
  // An IPv6 literal is never a tenant host: keep it whole.
  if (host.charCodeAt(0) === 91) return host;
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/** Headers named in `Connection` are hop-by-hop too (rare: only then is this paid for). */
function dropConnectionListed(ctx: RequestContext, forward: string[], connection: string): string[] {
  const listed = new Set(connection.split(',').map((token) => token.trim().toLowerCase()));
  listed.delete('close');
  listed.delete('keep-alive');
  if (listed.size === 0) return forward;
  const kept: string[] = [];
  ctx.authorizationIndex = -1;
  ctx.apiKeyIndex = -1;
  for (let i = 0; i < forward.length; i += 2) {
    const lower = forward[i]!.toLowerCase();
    if (listed.has(lower)) continue;
    if (lower === 'authorization') ctx.authorizationIndex = kept.length;
    else if (lower === 'x-api-key') ctx.apiKeyIndex = kept.length;
    kept.push(forward[i]!, forward[i + 1]!);
  }
  return kept;
}
