import { newId } from '@tollgate/contracts';
import type { PipelineDeps } from '../pipeline-deps.js';
import type { RequestContext } from '../request-context.js';

/**
 * meter: one usage event per request, denials included, handed to the in-memory batch
 * (flushed to the usage queue in the background: the request never waits for it).
 * A request whose tenant is unknown cannot be attributed and is only logged.
 * What counts (DESIGN.md): quota counts live-key requests admitted past the checks;
 * billing counts the same less the gateway's own upstream failures; denials count for neither.
 */
export function meter(ctx: RequestContext, deps: PipelineDeps): void {
  const tenant = ctx.tenant;
  if (tenant === null) return;
  const record = ctx.key === null ? null : ctx.key.record;
  const quotaCounted = ctx.admitted && record !== null && record.environment === 'live';
  const gatewayFailed = ctx.denyCode === 'upstream_timeout' || ctx.denyCode === 'upstream_unavailable';
  deps.usage.add({
    id: newId('event'),
    requestId: ctx.requestId,
    timestamp: ctx.receivedAt,
    tenantId: tenant.tenantId,
    apiId: ctx.api === null ? null : ctx.api.id,
    routeId: ctx.route === null ? null : ctx.route.id,
    keyId: record === null ? null : record.keyId,
    consumerId: record === null ? null : record.consumerId,
    subscriptionId: record === null ? null : record.subscriptionId,
    environment: record === null ? null : record.environment,
    method: ctx.method,
    path: ctx.path,
    status: ctx.status,
    latencyMs: performance.now() - ctx.startedAt,
    denyCode: ctx.denyCode,
    // For the request log (support lookups, denial review, the release dry run).
    host: ctx.host || null,
    apiVersion: ctx.api === null ? null : ctx.api.version,
    clientIp: ctx.clientIp || null,
    denyStage: ctx.denyStage,
    quotaCounted,
    billable: quotaCounted && !gatewayFailed,
  });
}
