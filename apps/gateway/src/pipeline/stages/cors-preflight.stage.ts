import { judgePreflight, preflightHeaders, rawHeader, setCorsHeaders } from '../../transform/cors.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';
import { resolve } from './resolve.stage.js';

/**
 * CORS, answered by the gateway so that browsers can call an API whose upstream knows
 * nothing of it. Two steps around resolve:
 *
 * corsPreflight (before resolve): an `OPTIONS` with `Origin` and
 * `Access-Control-Request-Method` is resolved as the method it asks about (the route a
 * browser will call), and, when that route has CORS, answered here: 204 with the CORS
 * headers, or 403 `cors_preflight_rejected`. It never reaches authenticate (no key needed),
 * the limits or the upstream, and its usage event is neither billed nor quota-counted (no
 * key, not admitted). A preflight for a route without gateway CORS goes on as a plain
 * `OPTIONS` request (the upstream may answer CORS itself).
 *
 * cors (right after resolve): CORS headers for an actual request, set before any later
 * stage answers, so denials carry them too.
 */
export function corsPreflight(ctx: RequestContext, deps: PipelineDeps): boolean {
  if (ctx.method !== 'OPTIONS') return false;
  const raw = ctx.req.rawHeaders;
  const origin = rawHeader(raw, 'origin');
  const requested = origin === null ? null : rawHeader(raw, 'access-control-request-method');
  if (origin === null || requested === null) return false;

  // Resolved as the method asked about; `method` is readonly for every other stage.
  const mutable = ctx as { method: string };
  mutable.method = requested;
  let unresolved: boolean;
  try {
    unresolved = resolve(ctx, deps);
  } finally {
    mutable.method = 'OPTIONS';
  }
  const cors = unresolved ? null : ctx.route!.transform.cors;
  if (cors === null) {
    // Not ours to answer: start resolve over for the OPTIONS request itself.
    ctx.tenant = null;
    ctx.api = null;
    ctx.route = null;
    ctx.tenantPath = '';
    ctx.apiPath = '';
    ctx.denyCode = null;
    ctx.denyStage = null;
    return false;
  }

  if (judgePreflight(cors, origin, requested, rawHeader(raw, 'access-control-request-headers')) !== 'ok') {
    return ctx.deny('cors_preflight_rejected', 'transform');
  }
  ctx.status = 204;
  ctx.res.writeHead(204, preflightHeaders(cors, origin, ctx.requestId));
  ctx.res.end();
  // Ends the chain with an answer of its own (no denial code).
  return true;
}

export function cors(ctx: RequestContext, _deps: PipelineDeps): boolean {
  const policy = ctx.route!.transform.cors;
  if (policy !== null) setCorsHeaders(ctx.res, policy, rawHeader(ctx.req.rawHeaders, 'origin'));
  return false;
}
