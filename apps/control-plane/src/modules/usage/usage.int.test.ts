import { histogramOf, latencyPercentiles, mergeHistograms } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { UsageService } from './usage.service.js';

let t: TestApp;
let owner: TestClient;
let otherOwner: TestClient;
let tenantId: string;
let otherTenantId: string;
let apiId: string;
let ada: string;
let bob: string;
let otherConsumer: string;
let adaKey: string;
let bobKey: string;

const base = () => `/v1/tenants/${tenantId}/usage`;

/** A minute rollup as the worker writes it, with the latencies its histogram was built from. */
interface Minute {
  tenantId: string;
  apiId: string;
  keyId: string;
  routeId: string;
  minute: string;
  statusClass: number;
  latencies: number[];
  billable: number;
  denied: number;
}
let minutes: Minute[] = [];

// Everything before this instant is derived (hourly and daily rows below); after it, only minutes.
const watermark = '2026-01-03T00:00:00Z';

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  otherOwner = t.client();
  ({ tenantId } = await owner.signup('usage'));
  ({ tenantId: otherTenantId } = await otherOwner.signup('usage-other'));
  const base = `/v1/tenants/${tenantId}`;
  apiId = (
    await owner.post(`${base}/apis`, {
      name: 'Echo',
      basePath: '/echo',
      upstreamUrl: 'http://127.0.0.1:4010',
    })
  ).json().data.id;
  const planId = (await owner.post(`${base}/plans`, { name: 'Free', apiIds: [apiId] })).json().data.id;
  const keyOf = async (name: string) => {
    const consumerId = (await owner.post(`${base}/consumers`, { name, email: `${name}@example.test` })).json()
      .data.id;
    const subscriptionId = (
      await owner.post(`${base}/consumers/${consumerId}/subscriptions`, { planId })
    ).json().data.id;
    const key = await owner.post(`${base}/keys`, { subscriptionId, name: 'ci' });
    expect(key.statusCode).toBe(201);
    return { consumerId, keyId: key.json().data.id as string };
  };
  ({ consumerId: ada, keyId: adaKey } = await keyOf('ada'));
  ({ consumerId: bob, keyId: bobKey } = await keyOf('bob'));
  otherConsumer = (
    await otherOwner.post(`/v1/tenants/${otherTenantId}/consumers`, {
      name: 'Eve',
      email: 'eve@example.test',
    })
  ).json().data.id;

  const m = (over: Partial<Minute> & Pick<Minute, 'minute' | 'latencies'>): Minute => ({
    tenantId,
    apiId,
    keyId: adaKey,
    routeId: 'rte_a',
    statusClass: 2,
    billable: over.latencies.length,
    denied: 0,
    ...over,
  });
  minutes = [
    m({ minute: '2026-01-01T10:00:00Z', latencies: [10, 10, 20] }),
    m({ minute: '2026-01-01T10:30:00Z', statusClass: 5, latencies: [100] }),
    m({
      minute: '2026-01-01T10:00:00Z',
      apiId: '',
      keyId: '',
      routeId: '',
      statusClass: 4,
      latencies: [0.5],
      billable: 0,
      denied: 1,
    }),
    m({ minute: '2026-01-01T23:59:00Z', keyId: bobKey, routeId: 'rte_b', latencies: [30, 40] }),
    m({
      minute: '2026-01-02T00:00:00Z',
      keyId: bobKey,
      routeId: 'rte_b',
      statusClass: 4,
      latencies: [1],
      billable: 0,
      denied: 1,
    }),
    m({ minute: '2026-01-02T13:45:00Z', routeId: 'rte_b', latencies: [50] }),
    m({ minute: '2026-01-03T00:10:00Z', latencies: [60, 70] }),
    m({
      minute: '2026-01-01T10:00:00Z',
      tenantId: otherTenantId,
      apiId: 'api_x',
      keyId: 'key_x',
      latencies: Array(50).fill(5),
    }),
  ];
  await seed(minutes);
});

afterAll(async () => {
  await t?.close();
});

/** Writes the minutes, and the hourly/daily rows the worker's usage.derive would write for what lies before the watermark. */
async function seed(rows: Minute[]) {
  const prisma = t.db.prisma;
  await prisma.usageRollup.createMany({
    data: rows.map((r) => {
      const h = histogramOf(r.latencies);
      return {
        tenantId: r.tenantId,
        apiId: r.apiId,
        keyId: r.keyId,
        routeId: r.routeId,
        minute: new Date(r.minute),
        statusClass: r.statusClass,
        calls: r.latencies.length,
        billableCalls: r.billable,
        quotaCalls: r.billable,
        deniedCalls: r.denied,
        latencyMsSum: r.latencies.reduce((a, b) => a + b, 0),
        latencyBuckets: h.buckets,
        latencyCounts: h.counts,
      };
    }),
  });
  const derived = rows.filter((r) => r.minute < watermark);
  const sumBy = (keyOf: (r: Minute) => string) => {
    const groups = new Map<string, Minute[]>();
    for (const r of derived) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
    return [...groups.values()].map((group) => {
      const first = group[0] as Minute;
      const latencies = group.flatMap((r) => r.latencies);
      const h = mergeHistograms(group.map((r) => histogramOf(r.latencies)));
      return {
        first,
        sums: {
          tenantId: first.tenantId,
          apiId: first.apiId,
          routeId: first.routeId,
          statusClass: first.statusClass,
          calls: latencies.length,
          billableCalls: group.reduce((n, r) => n + r.billable, 0),
          quotaCalls: group.reduce((n, r) => n + r.billable, 0),
          deniedCalls: group.reduce((n, r) => n + r.denied, 0),
          latencyMsSum: latencies.reduce((a, b) => a + b, 0),
          latencyBuckets: h.buckets,
          latencyCounts: h.counts.map(BigInt),
        },
      };
    });
  };
  const hour = (r: Minute) => `${r.minute.slice(0, 13)}:00:00Z`;
  const day = (r: Minute) => `${r.minute.slice(0, 10)}T00:00:00Z`;
  const keyed = (time: (r: Minute) => string) => (r: Minute) =>
    [r.tenantId, time(r), r.apiId, r.keyId, r.routeId, r.statusClass].join('|');
  const byRoute = (time: (r: Minute) => string) => (r: Minute) =>
    [r.tenantId, time(r), r.apiId, r.routeId, r.statusClass].join('|');
  await prisma.usageRollupHourly.createMany({
    data: sumBy(keyed(hour)).map(({ first, sums }) => ({
      ...sums,
      keyId: first.keyId,
      hour: new Date(hour(first)),
    })),
  });
  await prisma.usageRollupDaily.createMany({
    data: sumBy(keyed(day)).map(({ first, sums }) => ({
      ...sums,
      keyId: first.keyId,
      day: new Date(day(first)),
    })),
  });
  await prisma.usageRouteRollupHourly.createMany({
    data: sumBy(byRoute(hour)).map(({ first, sums }) => ({ ...sums, hour: new Date(hour(first)) })),
  });
  await prisma.usageRouteRollupDaily.createMany({
    data: sumBy(byRoute(day)).map(({ first, sums }) => ({ ...sums, day: new Date(day(first)) })),
  });
  await prisma.usageDerivationState.upsert({
    where: { name: 'rollups' },
    create: { name: 'rollups', derivedThrough: new Date(watermark) },
    update: {},
  });
}

const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/** The bucket the API must answer, computed from the raw latencies of the minutes `pick` selects. */
function expected<Extra extends Record<string, unknown>>(
  start: string,
  pick: (r: Minute) => boolean,
  extra: Extra = {} as Extra,
) {
  const rows = minutes.filter((r) => r.tenantId === tenantId && pick(r));
  const latencies = rows.flatMap((r) => r.latencies);
  const p = latencyPercentiles(histogramOf(latencies));
  const byClass = (c: number) =>
    rows.filter((r) => r.statusClass === c).reduce((n, r) => n + r.latencies.length, 0);
  return {
    start: new Date(start).toISOString(),
    ...extra,
    calls: latencies.length,
    billableCalls: rows.reduce((n, r) => n + r.billable, 0),
    quotaCalls: rows.reduce((n, r) => n + r.billable, 0),
    deniedCalls: rows.reduce((n, r) => n + r.denied, 0),
    callsByStatusClass: {
      '1xx': byClass(1),
      '2xx': byClass(2),
      '3xx': byClass(3),
      '4xx': byClass(4),
      '5xx': byClass(5),
    },
    latency: {
      avgMs: latencies.length ? round3(latencies.reduce((a, b) => a + b, 0) / latencies.length) : null,
      p50Ms: round3(p.p50),
      p95Ms: round3(p.p95),
      p99Ms: round3(p.p99),
    },
  };
}

const within = (from: string, to: string) => (r: Minute) => r.minute >= from && r.minute < to;

async function data(query: string) {
  const response = await owner.get(`${base()}?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

describe('GET /v1/tenants/:tenantId/usage', () => {
  it('usage-query.day: daily buckets equal the hand sums, with percentiles of the merged histograms', async () => {
    const days = await data('granularity=day&from=2026-01-01T00:00:00Z&to=2026-01-04T00:00:00Z');
    expect(days).toEqual([
      expected('2026-01-01T00:00:00Z', within('2026-01-01', '2026-01-02')),
      expected('2026-01-02T00:00:00Z', within('2026-01-02', '2026-01-03')),
      expected('2026-01-03T00:00:00Z', within('2026-01-03', '2026-01-04')),
    ]);
    // Hand-checked figures of the first day: 3 + 1 + 1 + 2 calls; latencies 0.5, 10, 10, 20, 30, 40, 100.
    expect(days[0]).toMatchObject({
      calls: 7,
      deniedCalls: 1,
      callsByStatusClass: { '2xx': 5, '4xx': 1, '5xx': 1 },
      latency: { avgMs: round3(210.5 / 7) },
    });
    // Ranks ⌊q·(n−1)⌋ of 7 sorted latencies: p50 → 20 ms, p95 and p99 → 40 ms, each within 5%.
    expect(Math.abs(days[0].latency.p50Ms - 20) / 20).toBeLessThanOrEqual(0.05);
    expect(Math.abs(days[0].latency.p95Ms - 40) / 40).toBeLessThanOrEqual(0.05);
    expect(Math.abs(days[0].latency.p99Ms - 40) / 40).toBeLessThanOrEqual(0.05);
  });

  it('usage-query.hour_minute: hourly and minute buckets, empty ones as zeros', async () => {
    expect(await data('granularity=hour&from=2026-01-01T10:00:00Z&to=2026-01-01T12:00:00Z')).toEqual([
      expected('2026-01-01T10:00:00Z', within('2026-01-01T10', '2026-01-01T11')),
      expected('2026-01-01T11:00:00Z', () => false),
    ]);
    expect(await data('granularity=minute&from=2026-01-01T09:59:00Z&to=2026-01-01T10:01:00Z')).toEqual([
      expected('2026-01-01T09:59:00Z', () => false),
      expected('2026-01-01T10:00:00Z', (r) => r.minute === '2026-01-01T10:00:00Z'),
    ]);
  });

  it('usage-query.month: UTC calendar months', async () => {
    expect(await data('granularity=month&from=2025-12-15T00:00:00Z&to=2026-02-01T00:00:00Z')).toEqual([
      expected('2025-12-01T00:00:00Z', () => false),
      expected('2026-01-01T00:00:00Z', () => true),
    ]);
  });

  it('usage-query.ragged: a range ending inside an hour sums the derived hours and the minutes up to its end', async () => {
    // Day 2 until 13:46: hours 00–12 from hourly rows, 13:00–13:46 from minutes (13:45 counts).
    expect(await data('granularity=day&from=2026-01-02T00:00:00Z&to=2026-01-02T13:46:00Z')).toEqual([
      expected('2026-01-02T00:00:00Z', within('2026-01-02T00', '2026-01-02T13:46')),
    ]);
    expect(await data('granularity=day&from=2026-01-02T00:00:00Z&to=2026-01-02T13:45:00Z')).toEqual([
      expected('2026-01-02T00:00:00Z', within('2026-01-02T00', '2026-01-02T13:45')),
    ]);
  });

  it('usage-query.group: by key and status class, by consumer; only non-empty groups', async () => {
    const range = 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&granularity=day';
    const day1 = within('2026-01-01', '2026-01-02');
    const start = '2026-01-01T00:00:00Z';
    expect(await data(`${range}&groupBy=key,statusClass`)).toEqual(
      [
        expected(start, (r) => day1(r) && r.keyId === '', { keyId: null, statusClass: '4xx' }),
        expected(start, (r) => day1(r) && r.keyId === adaKey && r.statusClass === 2, {
          keyId: adaKey,
          statusClass: '2xx',
        }),
        expected(start, (r) => day1(r) && r.keyId === adaKey && r.statusClass === 5, {
          keyId: adaKey,
          statusClass: '5xx',
        }),
        expected(start, (r) => day1(r) && r.keyId === bobKey, { keyId: bobKey, statusClass: '2xx' }),
      ].sort((a, b) => String(a.keyId ?? '').localeCompare(String(b.keyId ?? ''))),
    );
    const all = 'from=2026-01-01T00:00:00Z&to=2026-01-04T00:00:00Z&granularity=month&groupBy=consumer';
    const byConsumer = await data(all);
    expect(byConsumer).toHaveLength(3);
    expect(byConsumer).toEqual(
      expect.arrayContaining([
        expected('2026-01-01T00:00:00Z', (r) => r.keyId === adaKey, { consumerId: ada }),
        expected('2026-01-01T00:00:00Z', (r) => r.keyId === bobKey, { consumerId: bob }),
        expected('2026-01-01T00:00:00Z', (r) => r.keyId === '', { consumerId: null }),
      ]),
    );
  });

  it('usage-query.filter: key, consumer, API, route and status class', async () => {
    const range = 'from=2026-01-01T00:00:00Z&to=2026-01-04T00:00:00Z&granularity=month';
    const month = '2026-01-01T00:00:00Z';
    expect(await data(`${range}&keyId=${adaKey}`)).toEqual([expected(month, (r) => r.keyId === adaKey)]);
    expect(await data(`${range}&consumerId=${bob}`)).toEqual([expected(month, (r) => r.keyId === bobKey)]);
    expect(await data(`${range}&apiId=${apiId}&routeId=rte_b`)).toEqual([
      expected(month, (r) => r.apiId === apiId && r.routeId === 'rte_b'),
    ]);
    expect(await data(`${range}&statusClass=4xx`)).toEqual([expected(month, (r) => r.statusClass === 4)]);
  });

  it('usage-query.csv: format=csv or Accept: text/csv gives a CSV file with a header row', async () => {
    const query = 'from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z&granularity=day&groupBy=key';
    const response = await owner.get(`${base()}?${query}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe(
      'start,keyId,calls,billableCalls,quotaCalls,deniedCalls,calls1xx,calls2xx,calls3xx,calls4xx,calls5xx,latencyAvgMs,latencyP50Ms,latencyP95Ms,latencyP99Ms',
    );
    const json = await data(query);
    expect(lines).toHaveLength(json.length + 2); // header, rows, final CRLF
    const first = json[0];
    expect(lines[1]).toBe(
      [
        first.start,
        first.keyId ?? '',
        first.calls,
        first.billableCalls,
        first.quotaCalls,
        first.deniedCalls,
        ...Object.values(first.callsByStatusClass),
        first.latency.avgMs,
        first.latency.p50Ms,
        first.latency.p95Ms,
        first.latency.p99Ms,
      ].join(','),
    );
    const accepted = await t.app.inject({
      method: 'GET',
      url: `${base()}?${query}`,
      headers: { cookie: `tg_session=${owner.cookie}`, accept: 'text/csv' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toBe(response.body);
  });

  it('usage-query.invalid: ranges too long for the granularity, bad groups and classes are 422', async () => {
    for (const query of [
      'granularity=minute&from=2026-01-01T00:00:00Z&to=2026-01-03T00:01:00Z',
      'granularity=hour&from=2026-01-01T00:00:00Z&to=2026-04-02T00:00:00Z',
      'granularity=day&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'granularity=month&from=2010-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'groupBy=key,planet',
      'groupBy=key,key',
      'statusClass=6xx',
      'format=xml',
      'foo=1',
      'from=yesterday',
      'granularity=week',
      'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      const response = await owner.get(`${base()}?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().code, query).toBe('validation_failed');
    }
    // The longest allowed minute range is fine.
    const ok = await owner.get(
      `${base()}?granularity=minute&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z`,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toHaveLength(2_880);
  });

  it("usage-query.not-found: another tenant's usage and another tenant's consumer are 404", async () => {
    const response = await otherOwner.get(`${base()}?granularity=day`);
    expect(response.statusCode).toBe(404);
    const consumer = await owner.get(`${base()}?consumerId=${otherConsumer}`);
    expect(consumer.statusCode).toBe(404);
    expect(consumer.json().code).toBe('not_found');
    // And the other tenant's own rows never leak into this one's totals.
    const month = await data('granularity=month&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z');
    expect(month[0].calls).toBe(11);
  });

  it('usage-scope.consumer: a consumer scope sees only its own keys; another key or consumer is 404', async () => {
    const usage = t.app.get(UsageService);
    const query = { granularity: 'month' as const, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
    const own = await usage.query({ tenantId, consumerId: ada }, query);
    expect(own.data).toEqual([expected('2026-01-01T00:00:00Z', (r) => r.keyId === adaKey)]);
    const grouped = await usage.query({ tenantId, consumerId: ada }, { ...query, groupBy: ['key'] });
    expect(grouped.data.map((b) => b.keyId)).toEqual([adaKey]);
    await expect(
      usage.query({ tenantId, consumerId: ada }, { ...query, keyId: bobKey }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      usage.query({ tenantId, consumerId: ada }, { ...query, consumerId: bob }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('usage-query.derived: answers come from the derived rows (minutes gone) and a dirty hour from its minutes', async () => {
    const query = 'granularity=day&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z';
    const before = await data(query);
    // Minute retention: the derived days and hours still answer.
    await t.db.prisma.usageRollup.deleteMany({
      where: { tenantId, minute: { lt: new Date('2026-01-02T00:00:00Z') } },
    });
    expect(await data(query)).toEqual(before);
    expect(await data('granularity=hour&from=2026-01-01T10:00:00Z&to=2026-01-01T11:00:00Z')).toEqual([
      expected('2026-01-01T10:00:00Z', within('2026-01-01T10', '2026-01-01T11')),
    ]);
    // A late minute in a derived hour counts as soon as the hour is marked dirty, before usage.derive runs.
    await t.db.prisma.usageRollup.create({
      data: {
        tenantId,
        apiId,
        keyId: adaKey,
        routeId: 'rte_b',
        minute: new Date('2026-01-02T13:50:00Z'),
        statusClass: 2,
        calls: 1,
        latencyMsSum: 80,
        latencyBuckets: histogramOf([80]).buckets,
        latencyCounts: [1],
      },
    });
    expect((await data(query))[1].calls).toBe(before[1].calls);
    await t.db.prisma.usageDirtyHour.create({ data: { tenantId, hour: new Date('2026-01-02T13:00:00Z') } });
    expect((await data(query))[1].calls).toBe(before[1].calls + 1);
  });
});
