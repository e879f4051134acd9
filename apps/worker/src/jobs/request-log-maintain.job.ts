import type { requestLogMaintainJob } from '@tollgate/contracts';
import type { WorkerCounters } from '../metrics/worker-counters.js';
import type {
  MaintainResult,
  RequestLogPartitions,
} from '../request-log/request-log-partitions.repository.js';
import type { JobHandler } from './job-processor.js';

/** Day partitions created ahead of today, so a day's first batch never waits for one. */
export const partitionsAheadDays = 2;

/**
 * `requestlog.maintain` (daily, and once at boot): creates the request log's partitions for
 * today and the next days, and drops whole partitions older than the retention.
 */
export function createRequestLogMaintainJob(options: {
  partitions: RequestLogPartitions;
  retentionDays: number;
  counters: WorkerCounters;
  now?: () => number;
}): JobHandler<typeof requestLogMaintainJob> {
  const now = options.now ?? Date.now;
  return async (_payload, { logger }): Promise<MaintainResult> => {
    const result = await options.partitions.maintain({
      nowMs: now(),
      retentionDays: options.retentionDays,
      aheadDays: partitionsAheadDays,
    });
    options.counters.requestLogPartitionsCreated += result.created.length;
    options.counters.requestLogPartitionsDropped += result.dropped.length;
    logger.info({ ...result, retentionDays: options.retentionDays }, 'request log partitions maintained');
    return result;
  };
}
