import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * log: the one access line of a request, written at its end (to pino's asynchronous
 * destination: the request never waits for the disk). Enough to answer "why was I
 * blocked?" alone: who (tenant, client address, key id and display prefix, never the
 * key), what (API, route, method, path without query), the outcome (status, deny code and
 * the stage that denied) and where the time went (durationMs, upstreamMs). Never bodies.
 * 5xx at error, the rest (4xx denials included) at info. The same numbers feed `/metrics`.
 */
export function log(ctx: RequestContext, deps: PipelineDeps): void {
  const record = ctx.key === null ? null : ctx.key.record;
  const durationMs = performance.now() - ctx.startedAt;
  const tenant = ctx.tenant === null ? null : ctx.tenant.tenantId;
  const route = ctx.route === null ? null : ctx.route.id;
  deps.metrics?.request(tenant ?? '', route ?? '', ctx.status, durationMs, ctx.upstreamMs);
  const line = {
    requestId: ctx.requestId,
    tenant,
    api: ctx.api === null ? null : ctx.api.id,
    route,
    keyId: record === null ? null : record.keyId,
    keyPrefix: record === null ? null : record.prefix,
    clientIp: ctx.clientIp,
    method: ctx.method,
    path: ctx.path,
    status: ctx.status,
    durationMs: round(durationMs),
    upstreamMs: ctx.upstreamMs === null ? null : round(ctx.upstreamMs),
    denyCode: ctx.denyCode,
    stage: ctx.denyStage,
    err: ctx.error === null ? undefined : ctx.error,
  };
  if (ctx.status >= 500) deps.accessLog.error(line, 'request');
  else deps.accessLog.info(line, 'request');
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
