import type { UsageEvent, usageRollupJob } from '@tollgate/contracts';
import type { WorkerCounters } from '../metrics/worker-counters.js';
import {
  dayOf,
  type RequestLogPartitions,
  retentionCutoff,
} from '../request-log/request-log-partitions.repository.js';
import { classifyBatchEvents } from '../usage/usage-batch.classify.js';
import { pastHoursOf, type UsageDerivationRepository } from '../usage/usage-derive.repository.js';
import { aggregateUsage } from '../usage/usage-rollup.aggregate.js';
import type { UsageRollupRepository } from '../usage/usage-rollup.repository.js';
import type { JobHandler } from './job-processor.js';

export interface UsageRollupResult {
  batchId: string;
  events: number;
  /** Rollup rows the batch touched; 0 for a duplicate. */
  rows: number;
  duplicate: boolean;
  /** Events rolled up unbilled because their period's grace had passed. */
  late: number;
  deadLettered: number;
  requestLogRows: number;
}

export interface UsageRollupJobOptions {
  repository: UsageRollupRepository;
  /** Null when the request log is off. */
  partitions: RequestLogPartitions | null;
  graceMs: number;
  retentionDays: number;
  counters: WorkerCounters;
  /** Marks the already-derived hours a batch writes (see usage.derive); null in tests of the rollups alone. */
  derivation?: Pick<UsageDerivationRepository, 'markDirty'> | null;
  /** The worker's clock, epoch ms (tests move it). */
  now?: () => number;
}

/**
 * `usage.rollup`: one gateway batch → per-minute rollups (with latency histograms), late
 * events, dead letters and request log rows, exactly once per batch id. The batch envelope
 * was checked against the catalog's schema; each event is checked here, so one bad event
 * is dead-lettered instead of failing the batch.
 */
export function createUsageRollupJob(options: UsageRollupJobOptions): JobHandler<typeof usageRollupJob> {
  const now = options.now ?? Date.now;
  const { counters } = options;
  return async (batch, { logger }): Promise<UsageRollupResult> => {
    const nowMs = now();
    const { events, late, deadLetters } = classifyBatchEvents(batch.events, {
      nowMs,
      graceMs: options.graceMs,
    });
    const lateEvents = new Set(late.map((l) => l.event));
    const increments = aggregateUsage(events, { isLate: (event) => lateEvents.has(event) });

    let requestLog: UsageEvent[] = [];
    if (options.partitions) {
      const cutoff = retentionCutoff(nowMs, options.retentionDays);
      requestLog = events.filter((event) => event.timestamp >= cutoff);
      // Partitions are created outside the batch transaction (they lock the parent table).
      const created = await options.partitions.ensure(requestLog.map((event) => dayOf(event.timestamp)));
      if (created.length > 0) {
        counters.requestLogPartitionsCreated += created.length;
        logger.info({ partitions: created }, 'request log partitions created on demand');
      }
    }

    // Before the batch transaction: a late batch's hours are recomputed by usage.derive.
    await options.derivation?.markDirty(pastHoursOf(increments, nowMs));

    let applied: boolean;
    try {
      ({ applied } = await options.repository.applyBatch({
        batchId: batch.batchId,
        gatewayId: batch.gatewayId,
        eventCount: batch.events.length,
        increments,
        lateEvents: late,
        deadLetters,
        requestLog,
      }));
    } catch (error) {
      // A partition may have been dropped under us: look again on the retry.
      options.partitions?.forget();
      throw error;
    }

    const result: UsageRollupResult = {
      batchId: batch.batchId,
      events: batch.events.length,
      rows: applied ? increments.length : 0,
      duplicate: !applied,
      late: applied ? late.length : 0,
      deadLettered: applied ? deadLetters.length : 0,
      requestLogRows: applied ? requestLog.length : 0,
    };
    if (!applied) {
      counters.usageDuplicateBatches++;
      logger.info(result, 'usage batch already rolled up; skipped');
      return result;
    }
    counters.usageBatches++;
    counters.usageEvents += events.length;
    counters.usageLateEvents += late.length;
    counters.usageDeadLetteredEvents += deadLetters.length;
    counters.requestLogRows += requestLog.length;
    counters.requestLogSkippedEvents += events.length - requestLog.length;
    if (late.length > 0) {
      logger.warn(
        {
          batchId: batch.batchId,
          lateEvents: late.length,
          tenants: [...new Set(late.map((l) => l.event.tenantId))].slice(0, 20),
          oldestPeriodEnd: new Date(Math.min(...late.map((l) => l.periodEndMs))).toISOString(),
        },
        'usage events arrived after their billing period closed; rolled up unbilled and recorded as late',
      );
    }
    if (deadLetters.length > 0) {
      logger.error(
        {
          batchId: batch.batchId,
          deadLetters: deadLetters.length,
          reasons: [...new Set(deadLetters.map((d) => d.reason))],
        },
        'malformed usage events dead-lettered; the rest of the batch was rolled up',
      );
    }
    logger.info(result, 'usage batch rolled up');
    return result;
  };
}
