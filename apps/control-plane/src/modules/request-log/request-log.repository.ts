import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

/**
 * Reads of the request log: the `request_log` table the worker fills, partitioned by day on
 * `occurred_at` (outside the Prisma schema, so raw SQL). Every query names the tenant and,
 * except the lookup by request id, a time range, so Postgres prunes to the days asked for and
 * uses the per-partition indexes. Partitions past retention are dropped by the worker:
 * their requests simply stop being found.
 */

export interface RequestLogRow {
  occurredAt: Date;
  requestId: string;
  apiId: string | null;
  routeId: string | null;
  keyId: string | null;
  consumerId: string | null;
  subscriptionId: string | null;
  environment: string | null;
  method: string;
  host: string | null;
  path: string;
  apiVersion: string | null;
  clientIp: string | null;
  status: number;
  latencyMs: number;
  denyCode: string | null;
  denyStage: string | null;
}

export interface DenialGroupRow {
  denyCode: string;
  denyStage: string | null;
  consumerId: string | null;
  routeId: string | null;
  status: number;
  requests: number;
  firstAt: Date;
  lastAt: Date;
  sampleRequestIds: string[];
}

export interface DenialFilter {
  from: Date;
  to: Date;
  code?: string;
  consumerId?: string;
  routeId?: string;
  limit: number;
}

export interface RequestFilter {
  from: Date;
  to: Date;
  keyId?: string;
  routeId?: string;
  consumerId?: string;
  status?: number;
  limit: number;
}

/** Display names by id: consumers' names, routes' method and path template. */
export interface RequestLogNames {
  consumers: Map<string, string>;
  routes: Map<string, { method: string; pathTemplate: string }>;
}

const rowColumns = Prisma.sql`
  occurred_at AS "occurredAt", request_id AS "requestId", api_id AS "apiId", route_id AS "routeId",
  key_id AS "keyId", consumer_id AS "consumerId", subscription_id AS "subscriptionId",
  environment, method, host, path, api_version AS "apiVersion", client_ip AS "clientIp",
  status::int AS status, latency_ms AS "latencyMs", deny_code AS "denyCode", deny_stage AS "denyStage"`;

/** Sample request ids kept per denial group. */
const samplesPerGroup = 3;

function optional(column: string, value: string | number | undefined): Prisma.Sql {
  return value === undefined ? Prisma.empty : Prisma.sql`AND ${Prisma.raw(column)} = ${value}`;
}

@Injectable()
export class RequestLogRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The tenant's record of a request (the newest, should a request id ever repeat). */
  async find(tenantId: string, requestId: string): Promise<RequestLogRow | null> {
    const rows = await this.prisma.$queryRaw<RequestLogRow[]>`
      SELECT ${rowColumns} FROM request_log
      WHERE request_id = ${requestId} AND tenant_id = ${tenantId}
      ORDER BY occurred_at DESC LIMIT 1`;
    return rows[0] ?? null;
  }

  /** Denials grouped by code × consumer × route, newest group first. */
  async denialGroups(tenantId: string, filter: DenialFilter): Promise<DenialGroupRow[]> {
    return this.prisma.$queryRaw<DenialGroupRow[]>`
      SELECT deny_code AS "denyCode", consumer_id AS "consumerId", route_id AS "routeId",
        (array_agg(deny_stage ORDER BY occurred_at DESC))[1] AS "denyStage",
        (array_agg(status::int ORDER BY occurred_at DESC))[1] AS status,
        count(*)::int AS requests, min(occurred_at) AS "firstAt", max(occurred_at) AS "lastAt",
        (array_agg(request_id ORDER BY occurred_at DESC))[1:${Prisma.raw(String(samplesPerGroup))}] AS "sampleRequestIds"
      FROM request_log
      WHERE tenant_id = ${tenantId} AND deny_code IS NOT NULL
        AND occurred_at >= ${filter.from} AND occurred_at < ${filter.to}
        ${optional('deny_code', filter.code)}
        ${optional('consumer_id', filter.consumerId)}
        ${optional('route_id', filter.routeId)}
      GROUP BY deny_code, consumer_id, route_id
      ORDER BY "lastAt" DESC, requests DESC
      LIMIT ${filter.limit}`;
  }

  /** Matching requests, newest first. */
  async recent(
    tenantId: string,
    filter: RequestFilter,
  ): Promise<
    Pick<RequestLogRow, 'occurredAt' | 'requestId' | 'status' | 'denyCode' | 'keyId' | 'routeId'>[]
  > {
    return this.prisma.$queryRaw`
      SELECT occurred_at AS "occurredAt", request_id AS "requestId", status::int AS status,
        deny_code AS "denyCode", key_id AS "keyId", route_id AS "routeId"
      FROM request_log
      WHERE tenant_id = ${tenantId} AND occurred_at >= ${filter.from} AND occurred_at < ${filter.to}
        ${optional('key_id', filter.keyId)}
        ${optional('route_id', filter.routeId)}
        ${optional('consumer_id', filter.consumerId)}
        ${optional('status', filter.status)}
      ORDER BY occurred_at DESC
      LIMIT ${filter.limit}`;
  }

  /** Display names of consumers and routes named in results (ids of deleted ones are left out). */
  async names(tenantId: string, consumerIds: string[], routeIds: string[]): Promise<RequestLogNames> {
    const [consumers, routes] = await Promise.all([
      this.prisma.consumer.findMany({
        where: { tenantId, id: { in: [...new Set(consumerIds)] } },
        select: { id: true, name: true },
      }),
      this.prisma.route.findMany({
        where: { tenantId, id: { in: [...new Set(routeIds)] } },
        select: { id: true, method: true, pathTemplate: true },
      }),
    ]);
    return {
      consumers: new Map(consumers.map((c) => [c.id, c.name])),
      routes: new Map(routes.map((r) => [r.id, { method: r.method, pathTemplate: r.pathTemplate }])),
    };
  }
}
