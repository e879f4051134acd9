import type { PrismaClient } from '@tollgate/db';

/**
 * Request log rows for tests, written the way the worker writes them: into `request_log`,
 * whose day partition (`request_log_pYYYYMMDD`) is created first. `dropDay` removes a day the
 * way retention does (the whole partition).
 */
export interface LoggedRequest {
  requestId: string;
  tenantId: string;
  at: Date;
  status: number;
  method?: string;
  path?: string;
  host?: string | null;
  apiId?: string | null;
  routeId?: string | null;
  keyId?: string | null;
  consumerId?: string | null;
  subscriptionId?: string | null;
  environment?: 'live' | 'test' | null;
  apiVersion?: string | null;
  clientIp?: string | null;
  denyCode?: string | null;
  denyStage?: string | null;
  latencyMs?: number;
}

const dayMs = 86_400_000;

function partitionOf(at: Date): { name: string; from: string; to: string } {
  const day = Math.floor(at.getTime() / dayMs) * dayMs;
  const date = new Date(day).toISOString();
  return {
    name: `request_log_p${date.slice(0, 10).replaceAll('-', '')}`,
    from: date,
    to: new Date(day + dayMs).toISOString(),
  };
}

export async function logRequests(prisma: PrismaClient, rows: LoggedRequest[]): Promise<void> {
  const partitions = new Map(rows.map((r) => [partitionOf(r.at).name, partitionOf(r.at)]));
  for (const p of partitions.values()) {
    await prisma.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "${p.name}" PARTITION OF request_log FOR VALUES FROM ('${p.from}') TO ('${p.to}')`,
    );
  }
  for (const [i, r] of rows.entries()) {
    const admitted = r.denyCode === undefined || r.denyCode === null;
    await prisma.$executeRaw`
      INSERT INTO request_log (occurred_at, id, request_id, batch_id, tenant_id, api_id, route_id, key_id,
        consumer_id, subscription_id, environment, method, host, path, api_version, client_ip, status,
        latency_ms, deny_code, deny_stage, quota_counted, billable)
      VALUES (${r.at}, ${`evt_test_${r.requestId}_${i}`}, ${r.requestId}, 'bat_test', ${r.tenantId},
        ${r.apiId ?? null}, ${r.routeId ?? null}, ${r.keyId ?? null}, ${r.consumerId ?? null},
        ${r.subscriptionId ?? null}, ${r.environment ?? null}, ${r.method ?? 'GET'}, ${r.host ?? null},
        ${r.path ?? '/'}, ${r.apiVersion ?? null}, ${r.clientIp ?? null}, ${r.status}, ${r.latencyMs ?? 3.5},
        ${r.denyCode ?? null}, ${r.denyStage ?? null}, ${admitted && r.environment === 'live'},
        ${admitted && r.environment === 'live'})`;
  }
}

/** Drops the day partition holding `at`, as the worker's retention does. */
export async function dropDay(prisma: PrismaClient, at: Date): Promise<void> {
  await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "${partitionOf(at).name}"`);
}
