import { Prisma } from '@tollgate/db';

/**
 * One derived rollup level: `target` rows are the sums of `source` rows over an hour or a UTC
 * day, with their latency histograms merged bucket by bucket. Counts are BIGINT from the
 * hourly level up (a route can pass 2^31 calls in a day).
 */
export interface DerivedLevel {
  target: string;
  /** The target's time column (`hour` or `day`). */
  targetTime: 'hour' | 'day';
  source: string;
  sourceTime: 'minute' | 'hour';
  /** Dimensions besides tenant, time and status class (the rest of the primary key). */
  dims: readonly string[];
  /** Keyed levels carry the key's subscription along. */
  subscription: boolean;
}

const keyed = ['api_id', 'key_id', 'route_id'] as const;
const byRoute = ['api_id', 'route_id'] as const;

/** In derivation order: each level reads the one before it, never the minutes twice. */
export const derivedLevels = {
  hourly: {
    target: 'usage_rollups_hourly',
    targetTime: 'hour',
    source: 'usage_rollups',
    sourceTime: 'minute',
    dims: keyed,
    subscription: true,
  },
  routeHourly: {
    target: 'usage_route_rollups_hourly',
    targetTime: 'hour',
    source: 'usage_rollups_hourly',
    sourceTime: 'hour',
    dims: byRoute,
    subscription: false,
  },
  daily: {
    target: 'usage_rollups_daily',
    targetTime: 'day',
    source: 'usage_rollups_hourly',
    sourceTime: 'hour',
    dims: keyed,
    subscription: true,
  },
  routeDaily: {
    target: 'usage_route_rollups_daily',
    targetTime: 'day',
    source: 'usage_route_rollups_hourly',
    sourceTime: 'hour',
    dims: byRoute,
    subscription: false,
  },
} as const satisfies Record<string, DerivedLevel>;

/**
 * Recomputes `level` for source rows in [from, to) (whole hours or days), all tenants or one:
 * `INSERT … SELECT sum(…) … GROUP BY … ON CONFLICT DO UPDATE SET x = EXCLUDED.x`. It replaces
 * rather than adds, so running it again (a retry, an overlapping run, a late batch's hour)
 * gives the same rows. Source rows are never deleted, so no derived row can lose its source.
 * Identifiers come from {@link derivedLevels} only; values are bound parameters.
 */
export function deriveLevelSql(level: DerivedLevel, from: Date, to: Date, tenantId?: string): Prisma.Sql {
  const dims = level.dims.join(', ');
  const groupKey = `tenant_id, at, ${dims}, status_class`;
  const unit = level.targetTime;
  const raw = Prisma.raw;
  const subscriptionSum = level.subscription ? 'max(subscription_id) AS subscription_id,' : '';
  const subscriptionColumn = level.subscription ? 'subscription_id,' : '';
  const subscriptionSet = level.subscription ? 'subscription_id = EXCLUDED.subscription_id,' : '';
  const tenantFilter = tenantId === undefined ? Prisma.empty : Prisma.sql`AND tenant_id = ${tenantId}`;
  return Prisma.sql`
    WITH src AS MATERIALIZED (
      SELECT tenant_id, date_trunc(${unit}, ${raw(level.sourceTime)}, 'UTC') AS at, ${raw(dims)}, status_class,
             ${raw(subscriptionColumn)} calls, billable_calls, quota_calls, denied_calls, latency_ms_sum,
             latency_buckets, latency_counts
      FROM ${raw(level.source)}
      WHERE ${raw(level.sourceTime)} >= ${from} AND ${raw(level.sourceTime)} < ${to} ${tenantFilter}
    ),
    sums AS (
      SELECT ${raw(groupKey)}, ${raw(subscriptionSum)}
             sum(calls)::int8 AS calls, sum(billable_calls)::int8 AS billable_calls,
             sum(quota_calls)::int8 AS quota_calls, sum(denied_calls)::int8 AS denied_calls,
             sum(latency_ms_sum) AS latency_ms_sum
      FROM src GROUP BY ${raw(groupKey)}
    ),
    hist AS (
      SELECT ${raw(groupKey)}, array_agg(b ORDER BY b) AS buckets, array_agg(c ORDER BY b) AS counts
      FROM (
        SELECT ${raw(groupKey)}, h.b, sum(h.c)::int8 AS c
        FROM src, unnest(src.latency_buckets, src.latency_counts) AS h(b, c)
        GROUP BY ${raw(groupKey)}, h.b
      ) AS merged
      GROUP BY ${raw(groupKey)}
    )
    INSERT INTO ${raw(level.target)} (
      tenant_id, ${raw(level.targetTime)}, ${raw(dims)}, status_class, ${raw(subscriptionColumn)}
      calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, latency_buckets, latency_counts, updated_at
    )
    SELECT sums.tenant_id, sums.at, ${raw(level.dims.map((d) => `sums.${d}`).join(', '))}, sums.status_class,
           ${raw(level.subscription ? 'sums.subscription_id,' : '')}
           sums.calls, sums.billable_calls, sums.quota_calls, sums.denied_calls, sums.latency_ms_sum,
           coalesce(hist.buckets, '{}'), coalesce(hist.counts, '{}'), now()
    FROM sums LEFT JOIN hist USING (${raw(groupKey)})
    ON CONFLICT (tenant_id, ${raw(level.targetTime)}, ${raw(dims)}, status_class) DO UPDATE SET
      ${raw(subscriptionSet)}
      calls = EXCLUDED.calls,
      billable_calls = EXCLUDED.billable_calls,
      quota_calls = EXCLUDED.quota_calls,
      denied_calls = EXCLUDED.denied_calls,
      latency_ms_sum = EXCLUDED.latency_ms_sum,
      latency_buckets = EXCLUDED.latency_buckets,
      latency_counts = EXCLUDED.latency_counts,
      updated_at = now()`;
}
