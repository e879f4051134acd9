import type { UsageEvent } from '@tollgate/contracts';
import { inTransaction, Prisma, type PrismaClient, type TransactionClient } from '@tollgate/db';
import { insertRequestLogSql } from '../request-log/request-log.repository.js';
import { isUniqueViolationOn } from './unique-violation.js';
import { type DeadLetter, type LateEvent, rawEventJson } from './usage-batch.classify.js';
import type { RollupIncrement } from './usage-rollup.aggregate.js';

export interface ApplyBatchInput {
  batchId: string;
  gatewayId: string;
  eventCount: number;
  increments: readonly RollupIncrement[];
  /** Events past their period's grace: recorded in late_usage_events (their increments are in `increments`, unbilled). */
  lateEvents?: readonly LateEvent[];
  /** Malformed events of the batch: recorded in usage_dead_letters, never rolled up. */
  deadLetters?: readonly DeadLetter[];
  /** Events to keep in the request log (their day partitions must exist). */
  requestLog?: readonly UsageEvent[];
}

export interface ApplyBatchResult {
  /** False when the batch id was already recorded: nothing was written. */
  applied: boolean;
}

/** The only code that writes usage rollups, late events, dead letters and the request log. */
export class UsageRollupRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the batch id and writes everything the batch brings (rollup increments, late
   * events, dead letters, request log rows) in ONE transaction, so a batch counts exactly
   * once. The batch row goes first and is the guard: `ON CONFLICT DO NOTHING` makes a
   * racing duplicate wait on the first transaction's row lock, then insert nothing once the
   * first commits (we skip the rest), or take over if the first rolled back. A unique
   * violation on the batch id (possible under other isolation levels) rolls the transaction
   * back and is answered as a duplicate too.
   */
  async applyBatch(input: ApplyBatchInput): Promise<ApplyBatchResult> {
    try {
      return await inTransaction(
        this.prisma,
        async (tx) => {
          const recorded = await tx.$executeRaw`
            INSERT INTO processed_batches (batch_id, gateway_id, event_count, processed_at)
            VALUES (${input.batchId}, ${input.gatewayId}, ${input.eventCount}, now())
            ON CONFLICT (batch_id) DO NOTHING`;
          if (recorded === 0) return { applied: false };
          await writeBatch(tx, input);
          return { applied: true };
        },
        // Duplicates of a batch queue up behind the first one's row lock.
        { timeoutMs: 30_000, maxWaitMs: 10_000 },
      );
    } catch (error) {
      if (isUniqueViolationOn(error, 'processed_batches')) return { applied: false };
      throw error;
    }
  }
}

/**
 * The request log goes last: creating or dropping a partition waits for the transactions
 * holding it, and a transaction that reaches it has no other lock left to take, so no cycle.
 */
async function writeBatch(tx: TransactionClient, input: ApplyBatchInput): Promise<void> {
  if (input.increments.length > 0) await tx.$executeRaw(upsertRollups(input.increments));
  if (input.lateEvents?.length) await tx.$executeRaw(insertLateEvents(input.batchId, input.lateEvents));
  if (input.deadLetters?.length)
    await tx.$executeRaw(insertDeadLetters(input.batchId, input.gatewayId, input.deadLetters));
  if (input.requestLog?.length) await tx.$executeRaw(insertRequestLogSql(input.batchId, input.requestLog));
}

/**
 * One multi-row upsert for the whole batch: the increments travel as one array per column
 * (a fixed number of parameters, whatever the batch size) and are added to existing rows.
 * Histograms travel flattened (all increments' buckets in one array, each increment's slice
 * given by its bounds) and merge bucket by bucket with the stored one. Rows are inserted in
 * the caller's (sorted) order so concurrent batches lock them in the same order and cannot
 * deadlock.
 */
function upsertRollups(increments: readonly RollupIncrement[]) {
  const column = <T>(pick: (row: RollupIncrement) => T): T[] => increments.map(pick);
  const flatBuckets: number[] = [];
  const flatCounts: number[] = [];
  const sliceFrom: number[] = [];
  const sliceTo: number[] = [];
  for (const increment of increments) {
    sliceFrom.push(flatBuckets.length + 1);
    flatBuckets.push(...increment.latencyBuckets);
    flatCounts.push(...increment.latencyCounts);
    sliceTo.push(flatBuckets.length);
  }
  return Prisma.sql`
    INSERT INTO usage_rollups (
      tenant_id, minute, api_id, key_id, route_id, status_class, subscription_id,
      calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, latency_buckets, latency_counts,
      updated_at
    )
    SELECT
      i.tenant_id, to_timestamp(i.minute_ms / 1000.0), i.api_id, i.key_id, i.route_id, i.status_class,
      i.subscription_id, i.calls, i.billable_calls, i.quota_calls, i.denied_calls, i.latency_ms_sum,
      (${flatBuckets}::int4[])[i.slice_from:i.slice_to], (${flatCounts}::int4[])[i.slice_from:i.slice_to],
      now()
    FROM unnest(
      ${column((r) => r.tenantId)}::text[],
      ${column((r) => r.minuteMs)}::float8[],
      ${column((r) => r.apiId)}::text[],
      ${column((r) => r.keyId)}::text[],
      ${column((r) => r.routeId)}::text[],
      ${column((r) => r.statusClass)}::int4[],
      ${column((r) => r.subscriptionId)}::text[],
      ${column((r) => r.calls)}::int4[],
      ${column((r) => r.billableCalls)}::int4[],
      ${column((r) => r.quotaCalls)}::int4[],
      ${column((r) => r.deniedCalls)}::int4[],
      ${column((r) => r.latencyMsSum)}::float8[],
      ${sliceFrom}::int4[],
      ${sliceTo}::int4[]
    ) WITH ORDINALITY AS i(
      tenant_id, minute_ms, api_id, key_id, route_id, status_class, subscription_id,
      calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, slice_from, slice_to, position
    )
    ORDER BY i.position
    ON CONFLICT (tenant_id, minute, api_id, key_id, route_id, status_class) DO UPDATE SET
      calls = usage_rollups.calls + EXCLUDED.calls,
      billable_calls = usage_rollups.billable_calls + EXCLUDED.billable_calls,
      quota_calls = usage_rollups.quota_calls + EXCLUDED.quota_calls,
      denied_calls = usage_rollups.denied_calls + EXCLUDED.denied_calls,
      latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum,
      (latency_buckets, latency_counts) = (
        SELECT coalesce(array_agg(m.bucket ORDER BY m.bucket), '{}'),
               coalesce(array_agg(m.count ORDER BY m.bucket), '{}')
        FROM (
          SELECT h.bucket, sum(h.count)::int4 AS count
          FROM (
            SELECT * FROM unnest(usage_rollups.latency_buckets, usage_rollups.latency_counts)
            UNION ALL
            SELECT * FROM unnest(EXCLUDED.latency_buckets, EXCLUDED.latency_counts)
          ) AS h(bucket, count)
          GROUP BY h.bucket
        ) AS m
      ),
      subscription_id = CASE WHEN usage_rollups.subscription_id = '' THEN EXCLUDED.subscription_id
                             ELSE usage_rollups.subscription_id END,
      updated_at = now()`;
}

function insertLateEvents(batchId: string, late: readonly LateEvent[]) {
  const column = <T>(pick: (row: LateEvent) => T): T[] => late.map(pick);
  return Prisma.sql`
    INSERT INTO late_usage_events (
      event_id, batch_id, tenant_id, key_id, subscription_id, occurred_at, period_end, reason,
      billable, quota_counted, event
    )
    SELECT l.event_id, ${batchId}, l.tenant_id, l.key_id, l.subscription_id, to_timestamp(l.at_ms / 1000.0),
      to_timestamp(l.period_end_ms / 1000.0), 'period_closed', l.billable, l.quota_counted, l.event::jsonb
    FROM unnest(
      ${column((l) => l.event.id)}::text[],
      ${column((l) => l.event.tenantId)}::text[],
      ${column((l) => l.event.keyId ?? '')}::text[],
      ${column((l) => l.event.subscriptionId ?? '')}::text[],
      ${column((l) => l.event.timestamp)}::float8[],
      ${column((l) => l.periodEndMs)}::float8[],
      ${column((l) => l.event.billable)}::bool[],
      ${column((l) => l.event.quotaCounted)}::bool[],
      ${column((l) => JSON.stringify(l.event))}::text[]
    ) AS l(event_id, tenant_id, key_id, subscription_id, at_ms, period_end_ms, billable, quota_counted, event)
    ON CONFLICT (event_id) DO NOTHING`;
}

function insertDeadLetters(batchId: string, gatewayId: string, deadLetters: readonly DeadLetter[]) {
  const column = <T>(pick: (row: DeadLetter) => T): T[] => deadLetters.map(pick);
  return Prisma.sql`
    INSERT INTO usage_dead_letters (batch_id, position, gateway_id, event_id, reason, detail, raw_event)
    SELECT ${batchId}, d.position, ${gatewayId}, d.event_id, d.reason, d.detail, d.raw_event::jsonb
    FROM unnest(
      ${column((d) => d.position)}::int4[],
      ${column((d) => d.eventId)}::text[],
      ${column((d) => d.reason)}::text[],
      ${column((d) => d.detail)}::text[],
      ${column((d) => rawEventJson(d.raw))}::text[]
    ) AS d(position, event_id, reason, detail, raw_event)
    ON CONFLICT (batch_id, position) DO NOTHING`;
}
