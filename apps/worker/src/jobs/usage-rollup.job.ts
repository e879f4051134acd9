import type { usageRollupJob } from '@tollgate/contracts';
import { aggregateUsage } from '../usage/usage-rollup.aggregate.js';
import type { UsageRollupRepository } from '../usage/usage-rollup.repository.js';
import type { JobHandler } from './job-processor.js';

export interface UsageRollupResult {
  batchId: string;
  events: number;
  /** Rollup rows the batch touched; 0 for a duplicate. */
  rows: number;
  duplicate: boolean;
}

/**
 * `usage.rollup`: one gateway batch → per-minute rollups, exactly once per batch id.
 * The payload was checked against the catalog's schema before this runs.
 */
export function createUsageRollupJob(repository: UsageRollupRepository): JobHandler<typeof usageRollupJob> {
  return async (batch, { logger }): Promise<UsageRollupResult> => {
    const increments = aggregateUsage(batch.events);
    const { applied } = await repository.applyBatch({
      batchId: batch.batchId,
      gatewayId: batch.gatewayId,
      eventCount: batch.events.length,
      increments,
    });
    const result = {
      batchId: batch.batchId,
      events: batch.events.length,
      rows: applied ? increments.length : 0,
      duplicate: !applied,
    };
    logger.info(result, applied ? 'usage batch rolled up' : 'usage batch already rolled up; skipped');
    return result;
  };
}
