import type { IncomingHttpHeaders } from 'node:http';
import { transformRequestHeaders, transformResponseHeaders } from '../../transform/headers.js';
import { appendIdentityHeaders } from '../../transform/identity.js';
import { rewritePath } from '../../transform/rewrite-path.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * transform: what the upstream gets, from the route's compiled policies (API + route):
 * the path rewritten, spoofed `Tollgate-*` / `X-Tollgate-*` headers stripped, request
 * headers removed and set, then the caller's identity added (`Tollgate-Consumer`,
 * `Tollgate-Key-Id`, `Tollgate-Plan`) and signed (`Tollgate-Signature`) over the exact
 * path the upstream receives. Never denies.
 */
export function transform(ctx: RequestContext, _deps: PipelineDeps): boolean {
  const policies = ctx.route!.transform;
  if (policies.rewrite !== null) ctx.apiPath = rewritePath(policies.rewrite, ctx.apiPath);
  const headers = transformRequestHeaders(ctx.forwardHeaders, policies.request);
  const record = ctx.key === null ? null : ctx.key.record;
  // Every target of an upstream is expected to share one path prefix (see docs/upstream-identity.md).
  const target = ctx.upstream === null ? undefined : ctx.upstream.targets[0];
  const upstreamPath = (target === undefined ? '' : target.pathPrefix) + ctx.apiPath;
  appendIdentityHeaders(
    headers,
    record === null
      ? { consumer: '', keyId: '', plan: '' }
      : { consumer: record.consumerId, keyId: record.keyId, plan: record.planId },
    policies.signingKeys,
    ctx.method,
    upstreamPath,
    Math.floor(ctx.receivedAt / 1000),
  );
  ctx.forwardHeaders = headers;
  return false;
}

/** The response half, called by proxy on the upstream's answer headers before they are written. */
export function transformResponse(ctx: RequestContext, headers: IncomingHttpHeaders): void {
  const route = ctx.route;
  if (route === null) return;
  const policies = route.transform;
  if (policies.response !== null || policies.cors !== null) {
    transformResponseHeaders(headers, policies.response, policies.cors);
  }
}
