import type { UsageEvent } from '@tollgate/contracts';
import pg, { type PoolClient, type QueryConfig } from 'pg';
import { insertRequestLog } from '../request-log/request-log.repository.js';
import { isUniqueViolationOn } from './unique-violation.js';
import { type DeadLetter, type LateEvent, rawEventJson } from './usage-batch.classify.js';
import type { RollupIncrement } from './usage-rollup.aggregate.js';
import { mergeIncrements } from './usage-rollup.merge.js';

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

/**
 * The connection pool of the rollup writes. Plain `pg` rather than Prisma: this is the
 * worker's hot path, and the statements are prepared once per connection. A statement that
 * runs for 30 s, or a transaction left idle for 30 s, is cancelled (the job is retried).
 */
export function createRollupPool(databaseUrl: string, options: { maxConnections?: number } = {}): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 30_000,
  });
}

export interface UsageRollupRepositoryOptions {
  /** Transactions writing at once (connections used). */
  writers?: number;
  /** Most batches one transaction writes. */
  maxBatchesPerTransaction?: number;
}

interface PendingBatch {
  input: ApplyBatchInput;
  resolve: (result: ApplyBatchResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The only code that writes usage rollups, late events, dead letters and the request log.
 *
 * Group commit: while `writers` transactions are running, batches handed in meanwhile wait
 * and are then written together, in one transaction, each with its own batch id. Under load
 * that means fewer commits and fewer rows (a hot key's increments of several batches become
 * one upsert); when idle, a batch is written at once, alone.
 */
export class UsageRollupRepository {
  private readonly writers: number;
  private readonly maxBatchesPerTransaction: number;
  private readonly pending: PendingBatch[] = [];
  private writing = 0;

  constructor(
    private readonly pool: pg.Pool,
    options: UsageRollupRepositoryOptions = {},
  ) {
    this.writers = options.writers ?? 2;
    this.maxBatchesPerTransaction = options.maxBatchesPerTransaction ?? 16;
  }

  /** Writes the batch exactly once; resolves once its transaction has committed. */
  applyBatch(input: ApplyBatchInput): Promise<ApplyBatchResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.startWriters();
    });
  }

  private startWriters(): void {
    while (this.writing < this.writers && this.pending.length > 0) {
      const group = this.pending.splice(0, this.maxBatchesPerTransaction);
      this.writing++;
      void this.writeGroup(group).finally(() => {
        this.writing--;
        this.startWriters();
      });
    }
  }

  private async writeGroup(group: PendingBatch[]): Promise<void> {
    try {
      const results = await this.applyInOneTransaction(group.map((batch) => batch.input));
      group.forEach((batch, i) => {
        batch.resolve(results[i] ?? { applied: false });
      });
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // One batch may be the cause: write each alone, so only its own job fails and retries.
      for (const batch of group) {
        await this.applyInOneTransaction([batch.input]).then(
          ([result]) => batch.resolve(result ?? { applied: false }),
          batch.reject,
        );
      }
    }
  }

  /**
   * Records the batch ids and writes everything the new batches bring (rollup increments,
   * late events, dead letters, request log rows) in ONE transaction, so a batch counts
   * exactly once. The batch rows go first and are the guard: `ON CONFLICT DO NOTHING` makes
   * a racing duplicate wait on the first transaction's row lock, then insert nothing once the
   * first commits (that batch is skipped), or take over if the first rolled back. Batch ids
   * are inserted in sorted order, so two transactions cannot wait on each other's ids. A
   * unique violation on a batch id (possible under other isolation levels) rolls back and is
   * answered as a duplicate when the transaction held that one batch.
   */
  private async applyInOneTransaction(inputs: readonly ApplyBatchInput[]): Promise<ApplyBatchResult[]> {
    // The same batch twice in one group (parallel redelivery): only its first copy may count.
    const firstOfId = new Map<string, ApplyBatchInput>();
    for (const input of inputs) if (!firstOfId.has(input.batchId)) firstOfId.set(input.batchId, input);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const recorded = await client.query<{ batch_id: string }>(recordBatches([...firstOfId.values()]));
      const applied = new Set(recorded.rows.map((row) => row.batch_id));
      const batches = [...firstOfId.values()].filter((input) => applied.has(input.batchId));
      if (batches.length > 0) {
        await writeBatches(client, batches);
        await client.query('COMMIT');
      } else {
        await client.query('ROLLBACK');
      }
      return inputs.map((input) => ({
        applied: applied.has(input.batchId) && firstOfId.get(input.batchId) === input,
      }));
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      if (inputs.length === 1 && isUniqueViolationOn(error, 'processed_batches')) return [{ applied: false }];
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

function recordBatches(inputs: readonly ApplyBatchInput[]): QueryConfig {
  const sorted = [...inputs].sort((a, b) => (a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0));
  return {
    name: 'usage-batches-record',
    text: `
      INSERT INTO processed_batches (batch_id, gateway_id, event_count, processed_at)
      SELECT b.batch_id, b.gateway_id, b.event_count, now()
      FROM unnest($1::text[], $2::text[], $3::int4[]) WITH ORDINALITY AS b(batch_id, gateway_id, event_count, position)
      ORDER BY b.position
      ON CONFLICT (batch_id) DO NOTHING
      RETURNING batch_id`,
    values: [sorted.map((b) => b.batchId), sorted.map((b) => b.gatewayId), sorted.map((b) => b.eventCount)],
  };
}

/**
 * The request log goes last: creating or dropping a partition waits for the transactions
 * holding it, and a transaction that reaches it has no other lock left to take, so no cycle.
 */
async function writeBatches(client: PoolClient, batches: readonly ApplyBatchInput[]): Promise<void> {
  const increments = mergeIncrements(batches.map((batch) => batch.increments));
  if (increments.length > 0) await client.query(upsertRollups(increments));
  const late = batches.flatMap((batch) =>
    (batch.lateEvents ?? []).map((event) => ({ ...event, batchId: batch.batchId })),
  );
  if (late.length > 0) await client.query(insertLateEvents(late));
  const deadLetters = batches.flatMap((batch) =>
    (batch.deadLetters ?? []).map((letter) => ({
      ...letter,
      batchId: batch.batchId,
      gatewayId: batch.gatewayId,
    })),
  );
  if (deadLetters.length > 0) await client.query(insertDeadLetters(deadLetters));
  const requestLog = batches.flatMap((batch) =>
    (batch.requestLog ?? []).map((event) => ({ event, batchId: batch.batchId })),
  );
  if (requestLog.length > 0) await client.query(insertRequestLog(requestLog));
}

/**
 * One multi-row upsert for the whole batch: the increments travel as one array per column
 * (a fixed number of parameters, whatever the batch size) and are added to existing rows.
 * Histograms travel flattened (all increments' buckets in one array, each increment's slice
 * given by its bounds) and merge bucket by bucket with the stored one. Rows are inserted in
 * the caller's (sorted) order so concurrent batches lock them in the same order and cannot
 * deadlock.
 */
function upsertRollups(increments: readonly RollupIncrement[]): QueryConfig {
  const n = increments.length;
  const tenantIds = new Array<string>(n);
  const minutesMs = new Array<number>(n);
  const apiIds = new Array<string>(n);
  const keyIds = new Array<string>(n);
  const routeIds = new Array<string>(n);
  const statusClasses = new Array<number>(n);
  const subscriptionIds = new Array<string>(n);
  const calls = new Array<number>(n);
  const billableCalls = new Array<number>(n);
  const quotaCalls = new Array<number>(n);
  const deniedCalls = new Array<number>(n);
  const latencyMsSums = new Array<number>(n);
  const sliceFrom = new Array<number>(n);
  const sliceTo = new Array<number>(n);
  const flatBuckets: number[] = [];
  const flatCounts: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = increments[i] as RollupIncrement;
    tenantIds[i] = row.tenantId;
    minutesMs[i] = row.minuteMs;
    apiIds[i] = row.apiId;
    keyIds[i] = row.keyId;
    routeIds[i] = row.routeId;
    statusClasses[i] = row.statusClass;
    subscriptionIds[i] = row.subscriptionId;
    calls[i] = row.calls;
    billableCalls[i] = row.billableCalls;
    quotaCalls[i] = row.quotaCalls;
    deniedCalls[i] = row.deniedCalls;
    latencyMsSums[i] = row.latencyMsSum;
    sliceFrom[i] = flatBuckets.length + 1;
    for (const bucket of row.latencyBuckets) flatBuckets.push(bucket);
    for (const count of row.latencyCounts) flatCounts.push(count);
    sliceTo[i] = flatBuckets.length;
  }
  return {
    name: 'usage-rollup-upsert',
    text: `
      INSERT INTO usage_rollups (
        tenant_id, minute, api_id, key_id, route_id, status_class, subscription_id,
        calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, latency_buckets, latency_counts,
        updated_at
      )
      SELECT
        i.tenant_id, to_timestamp(i.minute_ms / 1000.0), i.api_id, i.key_id, i.route_id, i.status_class,
        i.subscription_id, i.calls, i.billable_calls, i.quota_calls, i.denied_calls, i.latency_ms_sum,
        ($15::int4[])[i.slice_from:i.slice_to], ($16::int4[])[i.slice_from:i.slice_to], now()
      FROM unnest(
        $1::text[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::text[],
        $8::int4[], $9::int4[], $10::int4[], $11::int4[], $12::float8[], $13::int4[], $14::int4[]
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
        updated_at = now()`,
    values: [
      tenantIds,
      minutesMs,
      apiIds,
      keyIds,
      routeIds,
      statusClasses,
      subscriptionIds,
      calls,
      billableCalls,
      quotaCalls,
      deniedCalls,
      latencyMsSums,
      sliceFrom,
      sliceTo,
      flatBuckets,
      flatCounts,
    ],
  };
}

function insertLateEvents(late: ReadonlyArray<LateEvent & { batchId: string }>): QueryConfig {
  const column = <T>(pick: (row: LateEvent & { batchId: string }) => T): T[] => late.map(pick);
  return {
    name: 'usage-late-insert',
    text: `
      INSERT INTO late_usage_events (
        event_id, batch_id, tenant_id, key_id, subscription_id, occurred_at, period_end, reason,
        billable, quota_counted, event
      )
      SELECT l.event_id, l.batch_id, l.tenant_id, l.key_id, l.subscription_id, to_timestamp(l.at_ms / 1000.0),
        to_timestamp(l.period_end_ms / 1000.0), 'period_closed', l.billable, l.quota_counted, l.event::jsonb
      FROM unnest(
        $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::bool[],
        $9::bool[], $10::text[]
      ) AS l(
        event_id, batch_id, tenant_id, key_id, subscription_id, at_ms, period_end_ms, billable, quota_counted, event
      )
      ON CONFLICT (event_id) DO NOTHING`,
    values: [
      column((l) => l.event.id),
      column((l) => l.batchId),
      column((l) => l.event.tenantId),
      column((l) => l.event.keyId ?? ''),
      column((l) => l.event.subscriptionId ?? ''),
      column((l) => l.event.timestamp),
      column((l) => l.periodEndMs),
      column((l) => l.event.billable),
      column((l) => l.event.quotaCounted),
      column((l) => JSON.stringify(l.event)),
    ],
  };
}

function insertDeadLetters(
  deadLetters: ReadonlyArray<DeadLetter & { batchId: string; gatewayId: string }>,
): QueryConfig {
  const column = <T>(pick: (row: DeadLetter & { batchId: string; gatewayId: string }) => T): T[] =>
    deadLetters.map(pick);
  return {
    name: 'usage-dead-letter-insert',
    text: `
      INSERT INTO usage_dead_letters (batch_id, position, gateway_id, event_id, reason, detail, raw_event)
      SELECT d.batch_id, d.position, d.gateway_id, d.event_id, d.reason, d.detail, d.raw_event::jsonb
      FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
        AS d(batch_id, position, gateway_id, event_id, reason, detail, raw_event)
      ON CONFLICT (batch_id, position) DO NOTHING`,
    values: [
      column((d) => d.batchId),
      column((d) => d.position),
      column((d) => d.gatewayId),
      column((d) => d.eventId),
      column((d) => d.reason),
      column((d) => d.detail),
      column((d) => rawEventJson(d.raw)),
    ],
  };
}
