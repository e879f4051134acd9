import type { UsageEvent } from '@tollgate/contracts';
import { Prisma } from '@tollgate/db';

/**
 * One multi-row insert of a batch's events into the request log (the partition is picked by
 * `occurred_at`). Columns travel as one array each: a fixed number of parameters whatever
 * the batch size. `ON CONFLICT DO NOTHING` on (occurred_at, id): an event is logged once
 * even if it reaches the worker in two batches.
 */
export function insertRequestLogSql(batchId: string, events: readonly UsageEvent[]): Prisma.Sql {
  const column = <T>(pick: (event: UsageEvent) => T): T[] => events.map(pick);
  return Prisma.sql`
    INSERT INTO request_log (
      occurred_at, id, request_id, batch_id, tenant_id, api_id, route_id, key_id, consumer_id,
      subscription_id, environment, method, host, path, api_version, client_ip, status, latency_ms,
      deny_code, deny_stage, quota_counted, billable
    )
    SELECT
      to_timestamp(e.at_ms / 1000.0), e.id, e.request_id, ${batchId}, e.tenant_id, e.api_id, e.route_id,
      e.key_id, e.consumer_id, e.subscription_id, e.environment, e.method, e.host, e.path, e.api_version,
      e.client_ip, e.status, e.latency_ms, e.deny_code, e.deny_stage, e.quota_counted, e.billable
    FROM unnest(
      ${column((e) => e.timestamp)}::float8[],
      ${column((e) => e.id)}::text[],
      ${column((e) => e.requestId)}::text[],
      ${column((e) => e.tenantId)}::text[],
      ${column((e) => e.apiId)}::text[],
      ${column((e) => e.routeId)}::text[],
      ${column((e) => e.keyId)}::text[],
      ${column((e) => e.consumerId)}::text[],
      ${column((e) => e.subscriptionId)}::text[],
      ${column((e) => e.environment)}::text[],
      ${column((e) => e.method)}::text[],
      ${column((e) => e.host ?? null)}::text[],
      ${column((e) => e.path)}::text[],
      ${column((e) => e.apiVersion ?? null)}::text[],
      ${column((e) => e.clientIp ?? null)}::text[],
      ${column((e) => e.status)}::int2[],
      ${column((e) => e.latencyMs)}::float8[],
      ${column((e) => e.denyCode)}::text[],
      ${column((e) => e.denyStage ?? null)}::text[],
      ${column((e) => e.quotaCounted)}::bool[],
      ${column((e) => e.billable)}::bool[]
    ) AS e(
      at_ms, id, request_id, tenant_id, api_id, route_id, key_id, consumer_id, subscription_id,
      environment, method, host, path, api_version, client_ip, status, latency_ms, deny_code,
      deny_stage, quota_counted, billable
    )
    ON CONFLICT (occurred_at, id) DO NOTHING`;
}
