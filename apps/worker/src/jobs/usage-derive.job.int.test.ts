import { histogramOf, type LatencyHistogram, mergeHistograms, usageRollupJob } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { createTestDatabase, type TestDatabase } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createCounters } from '../metrics/worker-counters.js';
import { usageBatch, usageEvent } from '../testing/usage-batch.factory.js';
import { type DeriveOptions, UsageDerivationRepository } from '../usage/usage-derive.repository.js';
import { createRollupPool, UsageRollupRepository } from '../usage/usage-rollup.repository.js';
import { jobCatalog } from './job-catalog.js';
import { createUsageDeriveJob, deriveDefaults } from './usage-derive.job.js';
import { createUsageRollupJob } from './usage-rollup.job.js';

let database: TestDatabase;
let prisma: PrismaClient;
let derivation: UsageDerivationRepository;
let pool: ReturnType<typeof createRollupPool>;
const logger = createLogger('silent');

// History far behind the watermark: one run catches all of it up.
const catchUpAll: Partial<DeriveOptions> = { maxHoursPerRun: 24 * 3_650, chunkHours: 24 * 3_650 };

interface MinuteRow {
  tenantId: string;
  apiId: string;
  keyId: string;
  routeId: string;
  subscriptionId: string;
  minute: string;
  statusClass: number;
  calls: number;
  billableCalls: number;
  quotaCalls: number;
  deniedCalls: number;
  latenciesMs: number[];
}

const minuteRow = (overrides: Partial<MinuteRow> & Pick<MinuteRow, 'minute' | 'latenciesMs'>): MinuteRow => ({
  tenantId: 'tnt_a',
  apiId: 'api_1',
  keyId: 'key_1',
  routeId: 'rte_1',
  subscriptionId: 'sub_1',
  statusClass: 2,
  calls: overrides.latenciesMs.length,
  billableCalls: overrides.latenciesMs.length,
  quotaCalls: overrides.latenciesMs.length,
  deniedCalls: 0,
  ...overrides,
});

// Two tenants; tenant A has two keys, two routes, 2xx and 4xx, minutes in two hours of
// 2026-01-01 and one hour of 2026-01-02. Latencies are chosen so histograms overlap.
const rows: MinuteRow[] = [
  minuteRow({ minute: '2026-01-01T10:00:00Z', latenciesMs: [10, 12, 250] }),
  minuteRow({ minute: '2026-01-01T10:01:00Z', latenciesMs: [10, 11] }),
  minuteRow({ minute: '2026-01-01T10:59:00Z', latenciesMs: [900] }),
  minuteRow({ minute: '2026-01-01T10:30:00Z', keyId: 'key_2', subscriptionId: 'sub_2', latenciesMs: [5] }),
  minuteRow({
    minute: '2026-01-01T10:30:00Z',
    statusClass: 4,
    latenciesMs: [1, 1],
    billableCalls: 0,
    quotaCalls: 0,
    deniedCalls: 2,
  }),
  minuteRow({ minute: '2026-01-01T11:15:00Z', routeId: 'rte_2', latenciesMs: [40, 41, 42, 43] }),
  minuteRow({ minute: '2026-01-02T00:00:00Z', latenciesMs: [7] }),
  minuteRow({ minute: '2026-01-01T10:00:00Z', tenantId: 'tnt_b', latenciesMs: [3_000] }),
];

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  derivation = new UsageDerivationRepository(prisma);
  pool = createRollupPool(database.url);
  await prisma.usageRollup.createMany({
    data: rows.map(({ latenciesMs, minute, ...row }) => {
      const histogram = histogramOf(latenciesMs);
      return {
        ...row,
        minute: new Date(minute),
        latencyMsSum: latenciesMs.reduce((a, b) => a + b, 0),
        latencyBuckets: histogram.buckets,
        latencyCounts: histogram.counts,
      };
    }),
  });
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

async function derive(options: Partial<DeriveOptions> = {}) {
  const handler = createUsageDeriveJob({ repository: derivation, derive: { ...catchUpAll, ...options } });
  return handler({}, { jobId: 'test', attempt: 1, logger });
}

/** What a derived row must hold: the hand sum of the minute rows `pick` selects. */
function expected(pick: (row: MinuteRow) => boolean) {
  const selected = rows.filter(pick);
  const histogram = histogramOf(selected.flatMap((r) => r.latenciesMs));
  return {
    calls: BigInt(selected.reduce((n, r) => n + r.calls, 0)),
    billableCalls: BigInt(selected.reduce((n, r) => n + r.billableCalls, 0)),
    deniedCalls: BigInt(selected.reduce((n, r) => n + r.deniedCalls, 0)),
    latencyMsSum: selected.flatMap((r) => r.latenciesMs).reduce((a, b) => a + b, 0),
    latencyBuckets: histogram.buckets,
    latencyCounts: histogram.counts.map(BigInt),
  };
}

/** Every derived row (bar `updatedAt`), in primary-key order. */
const derivedTables = async () => {
  const order = (time: 'hour' | 'day', keyed: boolean) =>
    [
      { tenantId: 'asc' },
      { [time]: 'asc' },
      { apiId: 'asc' },
      ...(keyed ? [{ keyId: 'asc' }] : []),
      { routeId: 'asc' },
      { statusClass: 'asc' },
    ] as never;
  const omit = { updatedAt: true } as const;
  return {
    hourly: await prisma.usageRollupHourly.findMany({ omit, orderBy: order('hour', true) }),
    daily: await prisma.usageRollupDaily.findMany({ omit, orderBy: order('day', true) }),
    routeHourly: await prisma.usageRouteRollupHourly.findMany({ omit, orderBy: order('hour', false) }),
    routeDaily: await prisma.usageRouteRollupDaily.findMany({ omit, orderBy: order('day', false) }),
  };
};

const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00Z`;

describe('usage.derive', () => {
  it('usage-derive.ok: hourly, daily and route rollups equal the sums of their minutes, histograms merged', async () => {
    const result = await derive();
    expect(result).toMatchObject({ dirtyHoursDerived: 0 });
    const { hourly, daily, routeHourly, routeDaily } = await derivedTables();

    // Keyed hourly: one row per tenant × hour × api × key × route × status class.
    expect(hourly).toHaveLength(6);
    const tenA10 = hourly.find(
      (r) =>
        r.tenantId === 'tnt_a' &&
        r.hour.toISOString() === '2026-01-01T10:00:00.000Z' &&
        r.keyId === 'key_1' &&
        r.statusClass === 2,
    );
    expect(tenA10).toMatchObject({
      subscriptionId: 'sub_1',
      ...expected(
        (r) =>
          r.tenantId === 'tnt_a' &&
          hourOf(r.minute) === '2026-01-01T10:00:00Z' &&
          r.keyId === 'key_1' &&
          r.statusClass === 2,
      ),
    });
    expect(tenA10?.calls).toBe(6n);

    // Keyed daily: 2026-01-01 of key_1 route 1 2xx sums both hours' minutes of that route.
    const day1 = daily.find(
      (r) =>
        r.tenantId === 'tnt_a' &&
        r.day.toISOString() === '2026-01-01T00:00:00.000Z' &&
        r.keyId === 'key_1' &&
        r.routeId === 'rte_1' &&
        r.statusClass === 2,
    );
    expect(day1).toMatchObject(
      expected(
        (r) =>
          r.tenantId === 'tnt_a' &&
          r.minute.startsWith('2026-01-01') &&
          r.keyId === 'key_1' &&
          r.routeId === 'rte_1' &&
          r.statusClass === 2,
      ),
    );

    // Route level: every key summed.
    const route10 = routeHourly.find(
      (r) =>
        r.tenantId === 'tnt_a' &&
        r.hour.toISOString() === '2026-01-01T10:00:00.000Z' &&
        r.routeId === 'rte_1' &&
        r.statusClass === 2,
    );
    expect(route10).toMatchObject(
      expected(
        (r) =>
          r.tenantId === 'tnt_a' &&
          hourOf(r.minute) === '2026-01-01T10:00:00Z' &&
          r.routeId === 'rte_1' &&
          r.statusClass === 2,
      ),
    );
    expect(route10?.calls).toBe(7n);

    // Totals per tenant agree on every level.
    for (const tenantId of ['tnt_a', 'tnt_b']) {
      const total = expected((r) => r.tenantId === tenantId);
      for (const level of [hourly, daily, routeHourly, routeDaily]) {
        const mine = (level as Array<{ tenantId: string; calls: bigint }>).filter(
          (r) => r.tenantId === tenantId,
        );
        expect(
          mine.reduce((n, r) => n + r.calls, 0n),
          tenantId,
        ).toBe(total.calls);
      }
      const merged: LatencyHistogram = mergeHistograms(
        routeDaily
          .filter((r) => r.tenantId === tenantId)
          .map((r) => ({ buckets: r.latencyBuckets, counts: r.latencyCounts.map(Number) })),
      );
      expect(merged.buckets).toEqual(total.latencyBuckets);
      expect(merged.counts.map(BigInt)).toEqual(total.latencyCounts);
    }

    expect(routeDaily.map((r) => r.day.toISOString())).toContain('2026-01-02T00:00:00.000Z');
    const state = await prisma.usageDerivationState.findUniqueOrThrow({ where: { name: 'rollups' } });
    expect(state.derivedThrough.getTime()).toBeLessThanOrEqual(Date.now() - deriveDefaults.settleMs);
    expect(state.derivedThrough.getTime()).toBeGreaterThan(Date.now() - deriveDefaults.settleMs - 3_600_000);
  });

  it('usage-derive.idempotent: running again, over the whole history, gives the same rows', async () => {
    const before = await derivedTables();
    const state = await prisma.usageDerivationState.findUniqueOrThrow({ where: { name: 'rollups' } });
    const hoursBack = Math.ceil(
      (state.derivedThrough.getTime() - Date.parse('2026-01-01T00:00:00Z')) / 3_600_000,
    );
    await derive({ lookbackHours: hoursBack });
    await derive({ lookbackHours: hoursBack });
    expect(await derivedTables()).toEqual(before);
  });

  it('usage-derive.late_batch: a batch into a derived hour marks it; the next run recomputes its hour and day', async () => {
    const counters = createCounters();
    const rollup = createUsageRollupJob({
      repository: new UsageRollupRepository(pool),
      derivation,
      partitions: null,
      graceMs: 3_600_000,
      retentionDays: 7,
      counters,
    });
    const late = usageBatch([
      usageEvent({
        tenantId: 'tnt_a',
        apiId: 'api_1',
        keyId: 'key_1',
        routeId: 'rte_1',
        subscriptionId: 'sub_1',
        timestamp: Date.parse('2026-01-01T10:05:30Z'),
        latencyMs: 250,
      }),
    ]);
    await rollup(jobCatalog[usageRollupJob].payload.parse(late), { jobId: 'late', attempt: 1, logger });
    const marks = await prisma.usageDirtyHour.findMany();
    expect(marks.map((m) => [m.tenantId, m.hour.toISOString()])).toEqual([
      ['tnt_a', '2026-01-01T10:00:00.000Z'],
    ]);

    // A young mark may belong to a batch still in flight: recomputed, but kept.
    const first = await derive();
    expect(first).toMatchObject({ dirtyHoursDerived: 1, dirtyMarksCleared: 0 });
    const where = {
      tenantId: 'tnt_a',
      apiId: 'api_1',
      keyId: 'key_1',
      routeId: 'rte_1',
      statusClass: 2,
    };
    const hour = await prisma.usageRollupHourly.findUniqueOrThrow({
      where: { bucket: { ...where, hour: new Date('2026-01-01T10:00:00Z') } },
    });
    expect(hour.calls).toBe(7n);
    expect(hour.latencyCounts.reduce((a, b) => a + b, 0n)).toBe(7n);
    const day = await prisma.usageRollupDaily.findUniqueOrThrow({
      where: { bucket: { ...where, day: new Date('2026-01-01T00:00:00Z') } },
    });
    // 6 calls of key 1 on route 1 that day, plus the late one.
    expect(day.calls).toBe(7n);
    const routeDay = await prisma.usageRouteRollupDaily.findUniqueOrThrow({
      where: {
        bucket: {
          tenantId: 'tnt_a',
          apiId: 'api_1',
          routeId: 'rte_1',
          statusClass: 2,
          day: new Date('2026-01-01T00:00:00Z'),
        },
      },
    });
    expect(routeDay.calls).toBe(8n);
    expect(await prisma.usageDirtyHour.count()).toBe(1);

    // Once older than any batch transaction (settle 0 here), the mark goes.
    const second = await derive({ settleMs: 0 });
    expect(second).toMatchObject({ dirtyHoursDerived: 1, dirtyMarksCleared: 1 });
    expect(await prisma.usageDirtyHour.count()).toBe(0);
  });

  it('usage-derive.current_hour: batches of the running hour mark nothing', async () => {
    const rollup = createUsageRollupJob({
      repository: new UsageRollupRepository(pool),
      derivation,
      partitions: null,
      graceMs: 3_600_000,
      retentionDays: 7,
      counters: createCounters(),
      now: () => Date.parse('2026-03-01T12:30:00Z'),
    });
    const batch = usageBatch([
      usageEvent({ tenantId: 'tnt_c', timestamp: Date.parse('2026-03-01T12:10:00Z') }),
    ]);
    await rollup(jobCatalog[usageRollupJob].payload.parse(batch), { jobId: 'now', attempt: 1, logger });
    expect(await prisma.usageDirtyHour.count({ where: { tenantId: 'tnt_c' } })).toBe(0);
  });
});
