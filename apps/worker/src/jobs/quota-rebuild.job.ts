import type { quotaRebuildJob } from '@tollgate/contracts';
import type { WorkerCounters } from '../metrics/worker-counters.js';
import type { QuotaCounters } from '../quota/quota-counters.js';
import type { QuotaPeriodsRepository } from '../quota/quota-periods.repository.js';
import { type QuotaRebuildResult, rebuildQuotaCounters } from '../quota/quota-rebuild.js';
import type { JobHandler } from './job-processor.js';

/** `quota.rebuild` (every few minutes, at boot and when Redis restarts): quota counters restored from the rollups. */
export function createQuotaRebuildJob(options: {
  periods: QuotaPeriodsRepository;
  counters: QuotaCounters;
  metrics: WorkerCounters;
  now?: () => number;
}): JobHandler<typeof quotaRebuildJob> {
  const now = options.now ?? Date.now;
  return async (_payload, { logger }): Promise<QuotaRebuildResult> => {
    const result = await rebuildQuotaCounters({
      periods: options.periods,
      counters: options.counters,
      nowMs: now(),
    });
    options.metrics.quotaCountersRaised += result.countersRaised;
    logger[result.countersRaised > 0 ? 'warn' : 'info'](
      result,
      result.countersRaised > 0 ? 'quota counters restored from the rollups' : 'quota counters checked',
    );
    return result;
  };
}
