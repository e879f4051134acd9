import type { UsageEvent } from '@tollgate/contracts';
import type { QueryConfig } from 'pg';

/**
 * One multi-row insert of the events of one or more batches into the request log (the partition is picked by
 * `occurred_at`). Columns travel as one array each: a fixed number of parameters whatever
 * the batch size, so the statement is prepared once per connection. `ON CONFLICT DO NOTHING`
 * on (occurred_at, id): an event is logged once even if it reaches the worker in two batches.
 */
export function insertRequestLog(rows: ReadonlyArray<{ event: UsageEvent; batchId: string }>): QueryConfig {
  const column = <T>(pick: (event: UsageEvent) => T): T[] => rows.map((row) => pick(row.event));
  return {
    name: 'request-log-insert',
    text: `
      INSERT INTO request_log (
        occurred_at, id, request_id, batch_id, tenant_id, api_id, route_id, key_id, consumer_id,
        subscription_id, environment, method, host, path, api_version, client_ip, status, latency_ms,
        deny_code, deny_stage, quota_counted, billable
      )
      SELECT
        to_timestamp(e.at_ms / 1000.0), e.id, e.request_id, e.batch_id, e.tenant_id, e.api_id, e.route_id,
        e.key_id, e.consumer_id, e.subscription_id, e.environment, e.method, e.host, e.path, e.api_version,
        e.client_ip, e.status, e.latency_ms, e.deny_code, e.deny_stage, e.quota_counted, e.billable
      FROM unnest(
        $1::text[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
        $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
        $17::int2[], $18::float8[], $19::text[], $20::text[], $21::bool[], $22::bool[]
      ) AS e(
        batch_id, at_ms, id, request_id, tenant_id, api_id, route_id, key_id, consumer_id, subscription_id,
        environment, method, host, path, api_version, client_ip, status, latency_ms, deny_code,
        deny_stage, quota_counted, billable
      )
      ON CONFLICT (occurred_at, id) DO NOTHING`,
    values: [
      rows.map((row) => row.batchId),
      column((e) => e.timestamp),
      column((e) => e.id),
      column((e) => e.requestId),
      column((e) => e.tenantId),
      column((e) => e.apiId),
      column((e) => e.routeId),
      column((e) => e.keyId),
      column((e) => e.consumerId),
      column((e) => e.subscriptionId),
      column((e) => e.environment),
      column((e) => e.method),
      column((e) => e.host ?? null),
      column((e) => e.path),
      column((e) => e.apiVersion ?? null),
      column((e) => e.clientIp ?? null),
      column((e) => e.status),
      column((e) => e.latencyMs),
      column((e) => e.denyCode),
      column((e) => e.denyStage ?? null),
      column((e) => e.quotaCounted),
      column((e) => e.billable),
    ],
  };
}
