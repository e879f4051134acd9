import type { UsageBatch } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { createTestDatabase, type TestDatabase } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLogPartitions } from '../request-log/request-log-partitions.repository.js';
import { testMinuteMs, usageBatch, usageEvent } from '../testing/usage-batch.factory.js';
import { aggregateUsage } from './usage-rollup.aggregate.js';
import { createRollupPool, UsageRollupRepository } from './usage-rollup.repository.js';

let database: TestDatabase;
let prisma: PrismaClient;
let repository: UsageRollupRepository;
let pool: ReturnType<typeof createRollupPool>;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  pool = createRollupPool(database.url);
  repository = new UsageRollupRepository(pool);
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const apply = (batch: UsageBatch) =>
  repository.applyBatch({
    batchId: batch.batchId,
    gatewayId: batch.gatewayId,
    eventCount: batch.events.length,
    increments: aggregateUsage(batch.events),
  });

const rowsOf = (tenantId: string) =>
  prisma.usageRollup.findMany({
    where: { tenantId },
    orderBy: [{ minute: 'asc' }, { keyId: 'asc' }, { statusClass: 'asc' }],
  });

describe('UsageRollupRepository.applyBatch', () => {
  it('rolls a batch into per-minute rows with the expected counts', async () => {
    const tenantId = 'tnt_rollup_ok';
    const batch = usageBatch([
      usageEvent({ tenantId, latencyMs: 10 }),
      usageEvent({
        tenantId,
        timestamp: testMinuteMs + 59_999,
        status: 201,
        latencyMs: 20.5,
        billable: false,
      }),
      usageEvent({ tenantId, status: 503, latencyMs: 1 }),
      usageEvent({ tenantId, timestamp: testMinuteMs + 60_000, latencyMs: 3 }),
      usageEvent({
        tenantId,
        apiId: null,
        routeId: null,
        keyId: null,
        subscriptionId: null,
        status: 401,
        denyCode: 'invalid_key',
        quotaCounted: false,
        billable: false,
        latencyMs: 0.5,
      }),
    ]);

    await expect(apply(batch)).resolves.toEqual({ applied: true });

    const rows = await rowsOf(tenantId);
    const summary = rows.map((row) => ({
      minute: row.minute.getTime(),
      apiId: row.apiId,
      keyId: row.keyId,
      routeId: row.routeId,
      subscriptionId: row.subscriptionId,
      statusClass: row.statusClass,
      calls: row.calls,
      billableCalls: row.billableCalls,
      quotaCalls: row.quotaCalls,
      deniedCalls: row.deniedCalls,
      latencyMsSum: row.latencyMsSum,
    }));
    const known = { apiId: 'api_test', keyId: 'key_test', routeId: 'rte_test', subscriptionId: 'sub_test' };
    const unknown = { apiId: '', keyId: '', routeId: '', subscriptionId: '' };
    expect(summary).toEqual([
      {
        minute: testMinuteMs,
        ...unknown,
        statusClass: 4,
        calls: 1,
        billableCalls: 0,
        quotaCalls: 0,
        deniedCalls: 1,
        latencyMsSum: 0.5,
      },
      {
        minute: testMinuteMs,
        ...known,
        statusClass: 2,
        calls: 2,
        billableCalls: 1,
        quotaCalls: 2,
        deniedCalls: 0,
        latencyMsSum: 30.5,
      },
      {
        minute: testMinuteMs,
        ...known,
        statusClass: 5,
        calls: 1,
        billableCalls: 1,
        quotaCalls: 1,
        deniedCalls: 0,
        latencyMsSum: 1,
      },
      {
        minute: testMinuteMs + 60_000,
        ...known,
        statusClass: 2,
        calls: 1,
        billableCalls: 1,
        quotaCalls: 1,
        deniedCalls: 0,
        latencyMsSum: 3,
      },
    ]);
    const recorded = await prisma.processedBatch.findUnique({ where: { batchId: batch.batchId } });
    expect(recorded).toMatchObject({ batchId: batch.batchId, gatewayId: 'gw_test', eventCount: 5 });
  });

  it('adds a second batch to the rows of the first', async () => {
    const tenantId = 'tnt_rollup_additive';
    await apply(usageBatch([usageEvent({ tenantId }), usageEvent({ tenantId })]));
    await apply(usageBatch([usageEvent({ tenantId, latencyMs: 5 })]));

    const rows = await rowsOf(tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ calls: 3, billableCalls: 3, quotaCalls: 3, latencyMsSum: 25 });
  });

  it('keeps rows of two tenants apart when api, key and route are unknown', async () => {
    const denied = { apiId: null, routeId: null, keyId: null, status: 404, denyCode: 'tenant_not_found' };
    await apply(
      usageBatch([
        usageEvent({ tenantId: 'tnt_rollup_t1', ...denied }),
        usageEvent({ tenantId: 'tnt_rollup_t2', ...denied }),
      ]),
    );
    expect(await rowsOf('tnt_rollup_t1')).toHaveLength(1);
    expect(await rowsOf('tnt_rollup_t2')).toHaveLength(1);
  });

  it('counts a batch applied twice in sequence once', async () => {
    const tenantId = 'tnt_rollup_twice';
    const batch = usageBatch([
      usageEvent({ tenantId }),
      usageEvent({ tenantId, status: 429, denyCode: 'rate_limited' }),
    ]);

    await expect(apply(batch)).resolves.toEqual({ applied: true });
    await expect(apply(batch)).resolves.toEqual({ applied: false });

    const rows = await rowsOf(tenantId);
    expect(rows.map((row) => row.calls)).toEqual([1, 1]);
    expect(await prisma.processedBatch.count({ where: { batchId: batch.batchId } })).toBe(1);
  });

  it('counts a batch applied 20 times in parallel once', async () => {
    const tenantId = 'tnt_rollup_parallel';
    const batch = usageBatch(
      Array.from({ length: 50 }, (_, i) => usageEvent({ tenantId, keyId: `key_${i % 5}` })),
    );

    const results = await Promise.all(Array.from({ length: 20 }, () => apply(batch)));

    expect(results.filter((result) => result.applied)).toHaveLength(1);
    const rows = await rowsOf(tenantId);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.calls === 10)).toBe(true);
  });

  it('adds up batches that touch the same rows in parallel', async () => {
    const tenantId = 'tnt_rollup_contended';
    const batches = Array.from({ length: 10 }, (_, n) =>
      usageBatch(
        // Different event orders per batch: rows are still locked in one order, so no deadlock.
        Array.from({ length: 20 }, (_, i) => usageEvent({ tenantId, keyId: `key_${(i + n) % 4}` })),
      ),
    );

    await Promise.all(batches.map(apply));

    const rows = await rowsOf(tenantId);
    expect(rows.map((row) => row.calls)).toEqual([50, 50, 50, 50]);
  });
});

describe('UsageRollupRepository group commit', () => {
  /** One writer: batches handed in while it writes wait, then go in one transaction. */
  const grouped = () => new UsageRollupRepository(pool, { writers: 1, maxBatchesPerTransaction: 16 });
  const applyWith = (target: UsageRollupRepository, batch: UsageBatch, requestLog = false) =>
    target.applyBatch({
      batchId: batch.batchId,
      gatewayId: batch.gatewayId,
      eventCount: batch.events.length,
      increments: aggregateUsage(batch.events),
      ...(requestLog ? { requestLog: batch.events } : {}),
    });
  const processedAtOf = async (batches: UsageBatch[]) =>
    (await prisma.processedBatch.findMany({ where: { batchId: { in: batches.map((b) => b.batchId) } } })).map(
      (row) => row.processedAt.getTime(),
    );

  it('writes batches handed in together in shared transactions, each counted once', async () => {
    const tenantId = 'tnt_group_ok';
    const target = grouped();
    const batches = Array.from({ length: 12 }, (_, n) =>
      usageBatch(
        Array.from({ length: 30 }, (_, i) =>
          usageEvent({ tenantId, keyId: `key_${(i + n) % 3}`, latencyMs: 1 + ((i * 7) % 50) }),
        ),
      ),
    );

    const results = await Promise.all(batches.map((batch) => applyWith(target, batch)));

    expect(results.every((result) => result.applied)).toBe(true);
    const rows = await rowsOf(tenantId);
    expect(rows.map((row) => row.calls)).toEqual([120, 120, 120]);
    expect(rows.map((row) => row.latencyCounts.reduce((a, b) => a + b, 0))).toEqual([120, 120, 120]);
    // A transaction stamps its batches with one now(): fewer stamps than batches means shared ones.
    expect(new Set(await processedAtOf(batches)).size).toBeLessThan(batches.length);
  });

  it('counts a batch delivered 20 times in parallel once when the copies share a transaction', async () => {
    const tenantId = 'tnt_group_duplicates';
    const target = grouped();
    const batch = usageBatch(Array.from({ length: 10 }, () => usageEvent({ tenantId })));
    const other = usageBatch([usageEvent({ tenantId, keyId: 'key_other' })]);

    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => applyWith(target, batch)),
      applyWith(target, other),
    ]);

    expect(results.filter((result) => result.applied)).toHaveLength(2);
    const rows = await rowsOf(tenantId);
    expect(rows.map((row) => [row.keyId, row.calls])).toEqual([
      ['key_other', 1],
      ['key_test', 10],
    ]);
  });

  it('fails only the batch that cannot be written when it shares a transaction with others', async () => {
    const tenantId = 'tnt_group_poison';
    const target = grouped();
    const good = Array.from({ length: 4 }, () => usageBatch([usageEvent({ tenantId })]));
    // Its request log day has no partition: the insert fails inside the transaction.
    const poison = usageBatch([
      usageEvent({ tenantId, keyId: 'key_poison', timestamp: Date.UTC(2001, 0, 1) }),
    ]);
    await new RequestLogPartitions(prisma).ensure([testMinuteMs]);

    const results = await Promise.allSettled([
      applyWith(target, good[0] as UsageBatch, true),
      applyWith(target, good[1] as UsageBatch, true),
      applyWith(target, poison, true),
      applyWith(target, good[2] as UsageBatch, true),
      applyWith(target, good[3] as UsageBatch, true),
    ]);

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const rows = await rowsOf(tenantId);
    expect(rows.map((row) => [row.keyId, row.calls])).toEqual([['key_test', 4]]);
    expect(await prisma.processedBatch.count({ where: { batchId: poison.batchId } })).toBe(0);
  });
});
