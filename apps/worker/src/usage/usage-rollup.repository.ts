import { inTransaction, Prisma, type PrismaClient } from '@tollgate/db';
import { isUniqueViolationOn } from './unique-violation.js';
import type { RollupIncrement } from './usage-rollup.aggregate.js';

export interface ApplyBatchInput {
  batchId: string;
  gatewayId: string;
  eventCount: number;
  increments: readonly RollupIncrement[];
}

export interface ApplyBatchResult {
  /** False when the batch id was already recorded: nothing was written. */
  applied: boolean;
}

/** The only code that writes usage rollups. */
export class UsageRollupRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the batch id and adds its increments in ONE transaction, so a batch counts
   * exactly once. The batch row goes first and is the guard: `ON CONFLICT DO NOTHING` makes
   * a racing duplicate wait on the first transaction's row lock, then insert nothing once
   * the first commits (we skip the rollups), or take over if the first rolled back.
   * A unique violation on the batch id (possible under other isolation levels) rolls the
   * transaction back and is answered as a duplicate too.
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
          if (input.increments.length > 0) await tx.$executeRaw(upsertRollups(input.increments));
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
 * One multi-row upsert for the whole batch: the increments travel as one array per column
 * (a fixed number of parameters, whatever the batch size) and are added to existing rows.
 * Rows are inserted in the caller's (sorted) order so concurrent batches lock them in the
 * same order and cannot deadlock.
 */
function upsertRollups(increments: readonly RollupIncrement[]) {
  const column = <T>(pick: (row: RollupIncrement) => T): T[] => increments.map(pick);
  return Prisma.sql`
    INSERT INTO usage_rollups (
      tenant_id, minute, api_id, key_id, route_id, status_class, subscription_id,
      calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, updated_at
    )
    SELECT
      i.tenant_id, to_timestamp(i.minute_ms / 1000.0), i.api_id, i.key_id, i.route_id, i.status_class,
      i.subscription_id, i.calls, i.billable_calls, i.quota_calls, i.denied_calls, i.latency_ms_sum, now()
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
      ${column((r) => r.latencyMsSum)}::float8[]
    ) WITH ORDINALITY AS i(
      tenant_id, minute_ms, api_id, key_id, route_id, status_class, subscription_id,
      calls, billable_calls, quota_calls, denied_calls, latency_ms_sum, position
    )
    ORDER BY i.position
    ON CONFLICT (tenant_id, minute, api_id, key_id, route_id, status_class) DO UPDATE SET
      calls = usage_rollups.calls + EXCLUDED.calls,
      billable_calls = usage_rollups.billable_calls + EXCLUDED.billable_calls,
      quota_calls = usage_rollups.quota_calls + EXCLUDED.quota_calls,
      denied_calls = usage_rollups.denied_calls + EXCLUDED.denied_calls,
      latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum,
      subscription_id = CASE WHEN usage_rollups.subscription_id = '' THEN EXCLUDED.subscription_id
                             ELSE usage_rollups.subscription_id END,
      updated_at = now()`;
}
