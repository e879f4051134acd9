// Phase 4 of `npm run bench:metering`: rollups equivalent to 10 million events (1,000 keys,
// 20 routes, 30 days) seeded with SQL, then the control plane's usage endpoint timed over HTTP
// with a personal access token, as a finance dashboard or a script would call it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPrismaClient } from '@tollgate/db';
import { keyId, routeId, workload } from './workload.mjs';

const minutes = 30 * 24 * 60;
export const seedShape = {
  events: 10_000_000,
  days: 30,
  /**
   * Rollup rows per minute: the (key, route, status class) combinations that saw traffic in
   * that minute. 10 M events over 30 days is ~231 per minute; with popular keys calling
   * several times a minute, 100 rows hold them (~2.3 events per row).
   */
  rowsPerMinute: Number(process.env.BENCH_ROWS_PER_MINUTE ?? 100),
};

/** Signs a provider up, returns its tenant id and a read token (`Authorization: Bearer tgp_…`). */
export async function providerWithToken(controlPlaneUrl) {
  let cookie = '';
  let csrf = '';
  const call = async (method, path, body) => {
    const response = await fetch(`${controlPlaneUrl}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.getSetCookie();
    if (setCookie.length > 0) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  await call('POST', '/v1/auth/signup', {
    email: 'metering-bench@tollgate.dev',
    password: 'metering-bench-password',
    name: 'Metering Bench',
    tenantName: 'Metering Bench',
    tenantSlug: 'metering-bench',
  });
  csrf = (await call('GET', '/v1/auth/csrf')).token;
  const me = await call('GET', '/v1/auth/me');
  const tenantId = me.memberships.find((m) => m.tenantSlug === 'metering-bench').tenantId;
  const { token } = await call('POST', '/v1/tokens', { name: 'metering bench', scopes: ['read'] });
  return { tenantId, token };
}

/**
 * Writes the minute rollups straight into usage_rollups with one INSERT … generate_series:
 * every minute of the 30 days before the current hour has `rowsPerMinute` rows, keys and
 * routes spread over the 1,000 and 20 (no two rows of a minute share a key), 2% of rows 4xx and
 * 1% 5xx, calls chosen so that they add up to exactly 10,000,000, two latency buckets per row.
 */
export async function seedRollups(sql, tenantId) {
  const rows = minutes * seedShape.rowsPerMinute;
  const base = Math.floor(seedShape.events / rows);
  const extra = seedShape.events - base * rows; // rows numbered below `extra` get one more call
  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const startMs = endMs - minutes * 60_000;
  const started = performance.now();
  await sql.query(
    `INSERT INTO usage_rollups (
       tenant_id, minute, api_id, key_id, route_id, status_class, subscription_id,
       calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, latency_buckets, latency_counts, updated_at)
     SELECT $1, to_timestamp(($2::float8 + m::float8 * 60000) / 1000.0), $3,
       'key_bench_' || lpad(((r * 16 + m) % $4)::text, 4, '0'),
       'rte_bench_' || lpad(((r * 7 + m / 60) % $5)::text, 2, '0'),
       CASE WHEN r % 50 = 1 THEN 4 WHEN r % 100 = 3 THEN 5 ELSE 2 END,
       'sub_bench_' || lpad(((r * 16 + m) % $4)::text, 4, '0'),
       c.calls, c.calls, c.calls, CASE WHEN r % 50 = 1 THEN c.calls ELSE 0 END, c.calls * 40.0,
       ARRAY[35, 39], ARRAY[c.calls - c.calls / 2, c.calls / 2], now()
     FROM generate_series(0, $6 - 1) AS m
     CROSS JOIN generate_series(0, $7 - 1) AS r
     CROSS JOIN LATERAL (SELECT $8 + CASE WHEN m * $7 + r < $9 THEN 1 ELSE 0 END AS calls) AS c`,
    [
      tenantId,
      startMs,
      workload.apiId,
      workload.keys,
      workload.routes,
      minutes,
      seedShape.rowsPerMinute,
      base,
      extra,
    ],
  );
  await sql.query('ANALYZE usage_rollups');
  const { rows: check } = await sql.query(
    'SELECT count(*)::int AS rows, sum(calls)::bigint AS calls FROM usage_rollups WHERE tenant_id = $1',
    [tenantId],
  );
  return {
    rows: check[0].rows,
    calls: Number(check[0].calls),
    seconds: (performance.now() - started) / 1000,
    fromMs: startMs,
    toMs: endMs,
  };
}

/**
 * Derives the hourly and daily tables with the worker's own derivation (usage.derive), when
 * this checkout has it; returns null otherwise, and the queries then read what the control
 * plane reads without them.
 */
export async function deriveRollups(root, databaseUrl) {
  const file = join(root, 'apps/worker/dist/usage/usage-derive.repository.js');
  if (!existsSync(file)) return null;
  const { UsageDerivationRepository } = await import(file);
  const prisma = createPrismaClient(databaseUrl);
  const started = performance.now();
  try {
    const repository = new UsageDerivationRepository(prisma);
    let result;
    let runs = 0;
    do {
      result = await repository.derive({
        settleMs: 0,
        lookbackHours: 0,
        maxHoursPerRun: 31 * 24,
        chunkHours: 24,
      });
      runs++;
    } while (result.hoursDerived > 0 && runs < 10);
    return { seconds: (performance.now() - started) / 1000, derivedThrough: result.derivedThrough };
  } finally {
    await prisma.$disconnect();
  }
}

/** The typical queries: a tenant's month by day, one key's 30 days by day, one route's last 24 h by hour. */
export function typicalQueries(seed) {
  const iso = (ms) => new Date(ms).toISOString();
  const day = 86_400_000;
  return [
    {
      name: 'tenant, 30 days by day',
      query: { from: iso(seed.toMs - 30 * day), to: iso(seed.toMs), granularity: 'day' },
    },
    {
      name: 'one key, 30 days by day',
      query: { keyId: keyId(0), from: iso(seed.toMs - 30 * day), to: iso(seed.toMs), granularity: 'day' },
    },
    {
      name: 'one route, last 24 h by hour',
      query: { routeId: routeId(0), from: iso(seed.toMs - day), to: iso(seed.toMs), granularity: 'hour' },
    },
  ];
}

/** Sequential requests (5 warm-up, then `count` timed); p50/p95/max in ms and the answer's size. */
export async function timeQuery({ controlPlaneUrl, tenantId, token, query, count }) {
  const url = `${controlPlaneUrl}/v1/tenants/${tenantId}/usage?${new URLSearchParams(query)}`;
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    return { ms: performance.now() - started, status: response.status, body };
  };
  const first = await once();
  if (first.status !== 200) return { status: first.status, error: first.body.slice(0, 300) };
  for (let i = 0; i < 4; i++) await once();
  const times = [];
  for (let i = 0; i < count; i++) times.push((await once()).ms);
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const data = JSON.parse(first.body).data;
  return {
    status: 200,
    p50: at(0.5),
    p95: at(0.95),
    max: times.at(-1),
    buckets: data.length,
    data,
  };
}
