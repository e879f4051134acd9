import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * log: the one access line of a request, written at its end. Enough to answer "why was I
 * blocked?" alone: who (tenant, key id and display prefix, never the key), what (API,
 * route, method, path without query), the outcome (status, deny code and the stage that
 * denied) and where the time went. Never bodies. 5xx at error, the rest at info.
 */
export function log(ctx: RequestContext, deps: PipelineDeps): void {
  const record = ctx.key === null ? null : ctx.key.record;
  const line = {
    requestId: ctx.requestId,
    tenant: ctx.tenant === null ? null : ctx.tenant.tenantId,
    api: ctx.api === null ? null : ctx.api.id,
    route: ctx.route === null ? null : ctx.route.id,
    keyId: record === null ? null : record.keyId,
    keyPrefix: record === null ? null : record.prefix,
    method: ctx.method,
    path: ctx.path,
    status: ctx.status,
    durationMs: round(performance.now() - ctx.startedAt),
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
