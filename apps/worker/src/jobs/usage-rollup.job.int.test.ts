import { randomUUID } from 'node:crypto';
import {
  histogramOf,
  type LatencyHistogram,
  latencyQuantile,
  type UsageBatch,
  type UsageEvent,
  usageRollupJob,
} from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { createTestDatabase, type TestDatabase } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createCounters } from '../metrics/worker-counters.js';
import {
  dayMs,
  dayOf,
  partitionName,
  RequestLogPartitions,
} from '../request-log/request-log-partitions.repository.js';
import { testMinuteMs, usageBatch, usageEvent } from '../testing/usage-batch.factory.js';
import { createRollupPool, UsageRollupRepository } from '../usage/usage-rollup.repository.js';
import { jobCatalog } from './job-catalog.js';
import { createUsageRollupJob, type UsageRollupResult } from './usage-rollup.job.js';

let database: TestDatabase;
let prisma: PrismaClient;
let partitions: RequestLogPartitions;
let repository: UsageRollupRepository;
let pool: ReturnType<typeof createRollupPool>;
const counters = createCounters();
const logger = createLogger('silent');
const hourMs = 3_600_000;
const graceMs = hourMs;
let nowMs = Date.now();

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  partitions = new RequestLogPartitions(prisma);
  pool = createRollupPool(database.url);
  repository = new UsageRollupRepository(pool);
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

/** Runs the job as the worker does: envelope checked by the catalog schema, then the handler. */
async function run(batch: unknown): Promise<UsageRollupResult> {
  const handler = createUsageRollupJob({
    repository,
    partitions,
    graceMs,
    retentionDays: 7,
    counters,
    now: () => nowMs,
  });
  const payload = jobCatalog[usageRollupJob].payload.parse(batch);
  return handler(payload, { jobId: 'test', attempt: 1, logger }) as Promise<UsageRollupResult>;
}

const rollupsOf = (tenantId: string) =>
  prisma.usageRollup.findMany({ where: { tenantId }, orderBy: [{ minute: 'asc' }, { statusClass: 'asc' }] });

const requestLogCount = async (tenantId: string) => {
  const [row] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM request_log WHERE tenant_id = ${tenantId}`;
  return row?.n ?? 0;
};

/** Start of the calendar month (UTC) `months` away from `ms`'s month. */
const monthStart = (ms: number, months = 0) => {
  const at = new Date(ms);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1);
};

describe('usage.rollup job', () => {
  it('counts a duplicate batch delivered 20 times in parallel once, histogram and request log included', async () => {
    const tenantId = 'tnt_job_parallel';
    const batch = usageBatch(
      Array.from({ length: 40 }, (_, i) => usageEvent({ tenantId, keyId: `key_${i % 4}`, latencyMs: 5 + i })),
    );

    const results = await Promise.all(Array.from({ length: 20 }, () => run(batch)));

    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    const rows = await rollupsOf(tenantId);
    expect(rows.map((row) => row.calls)).toEqual([10, 10, 10, 10]);
    expect(rows.map((row) => row.latencyCounts.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10, 10]);
    expect(await requestLogCount(tenantId)).toBe(40);
  });

  it('adds an event arriving after its minute was rolled up to the same row', async () => {
    const tenantId = 'tnt_job_late_minute';
    await run(usageBatch([usageEvent({ tenantId, latencyMs: 10 }), usageEvent({ tenantId, latencyMs: 20 })]));
    // Same minute, a later batch (another gateway, or a spool replay) minutes afterwards.
    await run(usageBatch([usageEvent({ tenantId, timestamp: testMinuteMs + 30_000, latencyMs: 10 })]));

    const rows = await rollupsOf(tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ calls: 3, billableCalls: 3, quotaCalls: 3, latencyMsSum: 40 });
    expect(rows[0]?.latencyCounts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(rows[0]?.latencyBuckets).toEqual(histogramOf([10, 20]).buckets);
    expect(rows[0]?.latencyCounts).toEqual([2, 1]);
  });

  it('bills an event of a closed period that arrives within the grace window', async () => {
    const tenantId = 'tnt_job_within_grace';
    const periodEnd = monthStart(Date.now());
    const event = usageEvent({ tenantId, timestamp: periodEnd - 60_000 });
    nowMs = periodEnd + graceMs - 1_000;
    try {
      const result = await run(usageBatch([event]));
      expect(result).toMatchObject({ late: 0, duplicate: false });
    } finally {
      nowMs = Date.now();
    }
    const [row] = await rollupsOf(tenantId);
    expect(row).toMatchObject({ calls: 1, billableCalls: 1, quotaCalls: 1 });
    expect(await prisma.lateUsageEvent.count({ where: { tenantId } })).toBe(0);
  });

  it('records an event past the grace window as late: counted, not billed, reported', async () => {
    const tenantId = 'tnt_job_after_grace';
    const lastMonth = monthStart(Date.now(), -1);
    const late = usageEvent({ tenantId, timestamp: lastMonth + 5 * dayMs });
    const onTime = usageEvent({ tenantId });
    const before = counters.usageLateEvents;
    const batch = usageBatch([late, onTime]);

    const result = await run(batch);

    expect(result).toMatchObject({ late: 1, deadLettered: 0, events: 2 });
    expect(counters.usageLateEvents - before).toBe(1);
    const rows = await rollupsOf(tenantId);
    expect(rows.map((row) => [row.calls, row.billableCalls, row.quotaCalls])).toEqual([
      [1, 0, 0],
      [1, 1, 1],
    ]);
    const recorded = await prisma.lateUsageEvent.findMany({ where: { tenantId } });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      eventId: late.id,
      batchId: batch.batchId,
      reason: 'period_closed',
      billable: true,
      periodEnd: new Date(monthStart(lastMonth, 1)),
    });
  });

  it('uses the period end the event carries instead of the calendar month', async () => {
    const tenantId = 'tnt_job_period_end';
    const event = usageEvent({ tenantId, periodEnd: testMinuteMs - 2 * graceMs });
    await run(usageBatch([event]));
    expect(await prisma.lateUsageEvent.count({ where: { tenantId } })).toBe(1);
  });

  it('dead-letters a malformed event while the rest of its batch counts', async () => {
    const tenantId = 'tnt_job_malformed';
    const good = [usageEvent({ tenantId }), usageEvent({ tenantId, status: 503 })];
    const bad = { ...usageEvent({ tenantId }), status: 'teapot' };
    const future = usageEvent({ tenantId, timestamp: Date.now() + 2 * 24 * hourMs });
    const batch = {
      batchId: `bat_${randomUUID()}`,
      gatewayId: 'gw_test',
      events: [good[0], bad, 42, future, good[1]],
    };

    const result = await run(batch);

    expect(result).toMatchObject({ deadLettered: 3, duplicate: false, events: 5 });
    expect((await rollupsOf(tenantId)).map((row) => [row.statusClass, row.calls])).toEqual([
      [2, 1],
      [5, 1],
    ]);
    const letters = await prisma.usageDeadLetter.findMany({
      where: { batchId: batch.batchId },
      orderBy: { position: 'asc' },
    });
    expect(letters.map((l) => [l.position, l.reason, l.eventId])).toEqual([
      [1, 'invalid_event', bad.id],
      [2, 'invalid_event', null],
      [3, 'future_timestamp', future.id],
    ]);
    expect(letters[0]?.detail).toContain('status');
    expect(letters[0]?.rawEvent).toMatchObject({ id: bad.id, status: 'teapot' });
    expect(letters[1]?.rawEvent).toBe(42);
    expect(await prisma.processedBatch.count({ where: { batchId: batch.batchId } })).toBe(1);
    // A redelivery adds no second set of dead letters.
    await run(batch);
    expect(await prisma.usageDeadLetter.count({ where: { batchId: batch.batchId } })).toBe(3);
  });

  it('keeps p50/p95/p99 from rollups summed in SQL within 10% of the exact percentiles', async () => {
    const tenantId = 'tnt_job_percentiles';
    let seed = 7;
    const next = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const latencies: number[] = [];
    const batches: UsageBatch[] = [];
    for (let b = 0; b < 10; b++) {
      const events: UsageEvent[] = [];
      for (let i = 0; i < 200; i++) {
        const latencyMs = next() < 0.85 ? 2 + next() * 40 : 200 + next() * 3_000;
        latencies.push(latencyMs);
        events.push(
          usageEvent({
            tenantId,
            latencyMs,
            keyId: `key_${i % 3}`,
            timestamp: testMinuteMs - (b % 4) * 60_000,
          }),
        );
      }
      batches.push(usageBatch(events));
    }
    await Promise.all(batches.map(run));

    // What a usage query does: sum the buckets of many rollup rows in SQL.
    const summed = await prisma.$queryRaw<{ bucket: number; count: number }[]>`
      SELECT h.bucket, sum(h.count)::int AS count
      FROM usage_rollups r, unnest(r.latency_buckets, r.latency_counts) AS h(bucket, count)
      WHERE r.tenant_id = ${tenantId}
      GROUP BY h.bucket ORDER BY h.bucket`;
    const histogram: LatencyHistogram = {
      buckets: summed.map((row) => row.bucket),
      counts: summed.map((row) => row.count),
    };
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(2_000);
    const sorted = [...latencies].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))] as number;
      const estimate = latencyQuantile(histogram, q) as number;
      expect(Math.abs(estimate - exact) / exact, `q=${q}`).toBeLessThanOrEqual(0.1);
    }
  });

  it('writes one request log row per event, creating the day partition on demand', async () => {
    const tenantId = 'tnt_job_request_log';
    const twoDaysAgo = dayOf(Date.now()) - 2 * dayMs + 3_600_000;
    await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "${partitionName(dayOf(twoDaysAgo))}"`);
    partitions.forget();
    const event = usageEvent({
      tenantId,
      timestamp: twoDaysAgo,
      host: 'acme.gw.localhost',
      clientIp: '203.0.113.9',
      denyCode: 'rate_limited',
      denyStage: 'limit',
      status: 429,
    });
    const batch = usageBatch([event, usageEvent({ tenantId, timestamp: twoDaysAgo + 1 })]);

    await run(batch);
    await run(batch);
    // The same event in another batch id (a gateway bug) is still logged once.
    await run(usageBatch([event]));

    expect(await partitions.list()).toContain(dayOf(twoDaysAgo));
    expect(await requestLogCount(tenantId)).toBe(2);
    const [row] = await prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT id, request_id, batch_id, host, client_ip, deny_code, deny_stage, status, occurred_at
      FROM request_log WHERE request_id = ${event.requestId}`;
    expect(row).toMatchObject({
      id: event.id,
      batch_id: batch.batchId,
      host: 'acme.gw.localhost',
      client_ip: '203.0.113.9',
      deny_code: 'rate_limited',
      deny_stage: 'limit',
      status: 429,
      occurred_at: new Date(twoDaysAgo),
    });
  });

  it('keeps events older than the retention out of the request log but in the rollups', async () => {
    const tenantId = 'tnt_job_request_log_old';
    const tenDaysAgo = Date.now() - 10 * dayMs;
    const result = await run(usageBatch([usageEvent({ tenantId, timestamp: tenDaysAgo })]));
    expect(result).toMatchObject({ requestLogRows: 0 });
    expect(await requestLogCount(tenantId)).toBe(0);
    expect(await rollupsOf(tenantId)).toHaveLength(1);
  });
});

describe('request log retention', () => {
  it('drops whole partitions past retention and keeps recent ones', async () => {
    const today = dayOf(Date.now());
    const old = [today - 30 * dayMs, today - 8 * dayMs];
    const recent = [today - 7 * dayMs, today - dayMs];
    await partitions.ensure([...old, ...recent]);
    const tenantId = 'tnt_retention';
    await run(usageBatch(recent.map((day) => usageEvent({ tenantId, timestamp: day + 1_000 }))));

    const result = await partitions.maintain({ nowMs: Date.now(), retentionDays: 7, aheadDays: 2 });

    expect(result.dropped).toEqual(expect.arrayContaining(old.map(partitionName)));
    const days = await partitions.list();
    for (const day of old) expect(days).not.toContain(day);
    for (const day of [...recent, today, today + dayMs, today + 2 * dayMs]) expect(days).toContain(day);
    expect(await requestLogCount(tenantId)).toBe(2);
    // Idempotent: a second run changes nothing.
    expect(await partitions.maintain({ nowMs: Date.now(), retentionDays: 7, aheadDays: 2 })).toEqual({
      created: [],
      dropped: [],
    });
  });
});
