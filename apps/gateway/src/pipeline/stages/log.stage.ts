import { jsonOrNull } from '../../infra/access-log.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * log: the one access line of a request, written at its end (to pino's asynchronous
 * destination: the request never waits for the disk). Enough to answer "why was I
 * blocked?" alone: who (tenant, client address, key id and display prefix, never the
 * key), what (API, route, method, path without query), the outcome (status, deny code and
 * the stage that denied) and where the time went (durationMs, upstreamMs). Never bodies.
 * 5xx at error, the rest (4xx denials included) at info. The same numbers feed `/metrics`.
 * The line is built as one string (infra/access-log.ts); with an error, pino writes it.
 */
export function log(ctx: RequestContext, deps: PipelineDeps): void {
  const record = ctx.key === null ? null : ctx.key.record;
  const durationMs = performance.now() - ctx.startedAt;
  const tenant = ctx.tenant === null ? null : ctx.tenant.tenantId;
  const route = ctx.route === null ? null : ctx.route.id;
  deps.metrics?.request(tenant ?? '', route ?? '', ctx.status, durationMs, ctx.upstreamMs);
  const level = ctx.status >= 500 ? 'error' : 'info';
  if (ctx.error === null && deps.accessLines !== undefined) {
    deps.accessLines.write(
      level,
      `,"requestId":${JSON.stringify(ctx.requestId)},"tenant":${jsonOrNull(tenant)},"api":${jsonOrNull(ctx.api === null ? null : ctx.api.id)},"route":${jsonOrNull(route)},"keyId":${jsonOrNull(record === null ? null : record.keyId)},"keyPrefix":${jsonOrNull(record === null ? null : record.prefix)},"clientIp":${JSON.stringify(ctx.clientIp)},"method":${JSON.stringify(ctx.method)},"path":${JSON.stringify(ctx.path)},"status":${ctx.status},"durationMs":${round(durationMs)},"upstreamMs":${ctx.upstreamMs === null ? 'null' : round(ctx.upstreamMs)},"denyCode":${jsonOrNull(ctx.denyCode)},"stage":${jsonOrNull(ctx.denyStage)}`,
    );
    return;
  }
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
  deps.accessLog[level](line, 'request');
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
