import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';
import type { Granularity, UsageDimension } from './usage.schemas.js';
import type { Segment, Source } from './usage-plan.js';

export interface DerivationView {
  watermarkMs: number | null;
  /** Starts (epoch ms) of the tenant's dirty hours in the range. */
  dirtyHours: number[];
}

export interface UsageFilters {
  apiId?: string;
  routeId?: string;
  /** Hundreds digit (2 for 2xx). */
  statusClass?: number;
  /** Only these keys (a consumer's, or one); an empty list matches nothing. */
  keyIds?: string[];
}

export interface UsageSqlQuery {
  tenantId: string;
  segments: Segment[];
  granularity: Granularity;
  groupBy: readonly UsageDimension[];
  filters: UsageFilters;
  /** Rows read at most (one more tells the caller it was exceeded). */
  limit: number;
}

/** One bucket × group: sums and the merged histogram. Group columns are '' / 0 when not grouped. */
export interface UsageRow {
  bucket: Date;
  api_id: string;
  key_id: string;
  route_id: string;
  consumer_id: string;
  status_class: number;
  calls: number;
  billable_calls: number;
  quota_calls: number;
  denied_calls: number;
  latency_ms_sum: number;
  calls_1xx: number;
  calls_2xx: number;
  calls_3xx: number;
  calls_4xx: number;
  calls_5xx: number;
  latency_buckets: number[] | null;
  latency_counts: number[] | null;
}

/**
 * The tables a segment reads. Keyed tables have a row per key; route tables sum every key, so
 * a query that neither filters nor groups by key or consumer reads a few rows per hour or day.
 *
 * Indexes these reads use (prisma/schema/usage.prisma, docs/usage.md):
 * - tenant + time range: the primary keys start with (tenant_id, minute | hour | day);
 * - one key or a consumer's keys: (tenant_id, key_id, hour | day) on the derived tables and
 *   (key_id, minute) on the minutes.
 */
const tables: Record<'keyed' | 'route', Record<Source, { table: string; time: string }>> = {
  keyed: {
    minute: { table: 'usage_rollups', time: 'minute' },
    hour: { table: 'usage_rollups_hourly', time: 'hour' },
    day: { table: 'usage_rollups_daily', time: 'day' },
  },
  route: {
    minute: { table: 'usage_rollups', time: 'minute' },
    hour: { table: 'usage_route_rollups_hourly', time: 'hour' },
    day: { table: 'usage_route_rollups_daily', time: 'day' },
  },
};

const groupColumns: Record<UsageDimension, { expr: string; none: string; alias: string }> = {
  api: { expr: 'r.api_id', none: "''", alias: 'api_id' },
  key: { expr: 'r.key_id', none: "''", alias: 'key_id' },
  route: { expr: 'r.route_id', none: "''", alias: 'route_id' },
  consumer: { expr: "coalesce(k.consumer_id, '')", none: "''", alias: 'consumer_id' },
  statusClass: { expr: 'r.status_class', none: '0', alias: 'status_class' },
};
const groupAliases = Object.values(groupColumns)
  .map((c) => c.alias)
  .join(', ');

@Injectable()
export class UsageRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** How far the derived rollups go, and the tenant's hours waiting to be recomputed. */
  async derivationView(tenantId: string, fromMs: number, toMs: number): Promise<DerivationView> {
    const [row] = await this.prisma.$queryRaw<Array<{ watermark: number | null; dirty: number[] }>>`
      SELECT
        (SELECT extract(epoch FROM derived_through)::float8 * 1000 FROM usage_derivation_state
          WHERE name = 'rollups') AS watermark,
        coalesce((SELECT array_agg(extract(epoch FROM hour)::float8 * 1000) FROM usage_dirty_hours
          WHERE tenant_id = ${tenantId} AND hour >= ${new Date(fromMs)} AND hour < ${new Date(toMs)}), '{}') AS dirty`;
    return { watermarkMs: row?.watermark ?? null, dirtyHours: row?.dirty ?? [] };
  }

  async consumerExists(tenantId: string, consumerId: string): Promise<boolean> {
    return (await this.prisma.consumer.count({ where: { tenantId, id: consumerId } })) > 0;
  }

  /** Every key the consumer ever had in the tenant (revoked ones too: their usage stays theirs). */
  async consumerKeyIds(tenantId: string, consumerId: string): Promise<string[]> {
    const keys = await this.prisma.apiKey.findMany({ where: { tenantId, consumerId }, select: { id: true } });
    return keys.map((k) => k.id);
  }

  /**
   * Sums and merged histograms per bucket and group over the planned segments, in one
   * statement: each segment is a branch of a UNION ALL over its table's range (an index
   * range scan), then one GROUP BY for the sums and one over the unnested histograms.
   */
  async query(q: UsageSqlQuery): Promise<UsageRow[]> {
    if (q.segments.length === 0) return [];
    const keyed =
      q.filters.keyIds !== undefined || q.groupBy.includes('key') || q.groupBy.includes('consumer');
    const branches = q.segments.map((segment) => this.branch(q, segment, keyed ? 'keyed' : 'route'));
    const raw = Prisma.raw;
    return this.prisma.$queryRaw<UsageRow[]>`
      WITH src AS MATERIALIZED (${Prisma.join(branches, ' UNION ALL ')}),
      totals AS (
        SELECT bucket, ${raw(groupAliases)},
          sum(calls)::float8 AS calls, sum(billable_calls)::float8 AS billable_calls,
          sum(quota_calls)::float8 AS quota_calls, sum(denied_calls)::float8 AS denied_calls,
          sum(latency_ms_sum)::float8 AS latency_ms_sum,
          coalesce(sum(calls) FILTER (WHERE sc = 1), 0)::float8 AS calls_1xx,
          coalesce(sum(calls) FILTER (WHERE sc = 2), 0)::float8 AS calls_2xx,
          coalesce(sum(calls) FILTER (WHERE sc = 3), 0)::float8 AS calls_3xx,
          coalesce(sum(calls) FILTER (WHERE sc = 4), 0)::float8 AS calls_4xx,
          coalesce(sum(calls) FILTER (WHERE sc = 5), 0)::float8 AS calls_5xx
        FROM src GROUP BY bucket, ${raw(groupAliases)}
      ),
      hist AS (
        SELECT bucket, ${raw(groupAliases)}, array_agg(b ORDER BY b) AS latency_buckets,
          array_agg(c ORDER BY b) AS latency_counts
        FROM (
          SELECT bucket, ${raw(groupAliases)}, h.b, sum(h.c)::float8 AS c
          FROM src, unnest(src.latency_buckets, src.latency_counts) AS h(b, c)
          GROUP BY bucket, ${raw(groupAliases)}, h.b
        ) AS merged
        GROUP BY bucket, ${raw(groupAliases)}
      )
      SELECT totals.*, hist.latency_buckets, hist.latency_counts
      FROM totals LEFT JOIN hist USING (bucket, ${raw(groupAliases)})
      ORDER BY bucket, ${raw(groupAliases)}
      LIMIT ${q.limit + 1}`;
  }

  private branch(q: UsageSqlQuery, segment: Segment, shape: 'keyed' | 'route'): Prisma.Sql {
    const { table, time } = tables[shape][segment.source];
    const raw = Prisma.raw;
    const groups = (Object.keys(groupColumns) as UsageDimension[])
      .map((dim) => {
        const column = groupColumns[dim];
        return `${q.groupBy.includes(dim) ? column.expr : column.none} AS ${column.alias}`;
      })
      .join(', ');
    const joinKeys = q.groupBy.includes('consumer')
      ? raw('LEFT JOIN api_keys k ON k.id = r.key_id AND k.tenant_id = r.tenant_id')
      : Prisma.empty;
    const { apiId, routeId, statusClass, keyIds } = q.filters;
    const conditions = [
      Prisma.sql`r.tenant_id = ${q.tenantId}`,
      Prisma.sql`r.${raw(time)} >= ${new Date(segment.fromMs)}`,
      Prisma.sql`r.${raw(time)} < ${new Date(segment.toMs)}`,
      ...(apiId === undefined ? [] : [Prisma.sql`r.api_id = ${apiId}`]),
      ...(routeId === undefined ? [] : [Prisma.sql`r.route_id = ${routeId}`]),
      ...(statusClass === undefined ? [] : [Prisma.sql`r.status_class = ${statusClass}`]),
      ...(keyIds === undefined ? [] : [Prisma.sql`r.key_id = ANY(${keyIds}::text[])`]),
    ];
    return Prisma.sql`
      SELECT date_trunc(${q.granularity}, r.${raw(time)}, 'UTC') AS bucket, ${raw(groups)},
        r.status_class AS sc, r.calls::int8 AS calls, r.billable_calls::int8 AS billable_calls,
        r.quota_calls::int8 AS quota_calls, r.denied_calls::int8 AS denied_calls, r.latency_ms_sum,
        r.latency_buckets, r.latency_counts::int8[] AS latency_counts
      FROM ${raw(table)} r ${joinKeys}
      WHERE ${Prisma.join(conditions, ' AND ')}`;
  }
}
