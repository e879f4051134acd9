import type { usageReconcileJob } from '@tollgate/contracts';
import type { WorkerCounters } from '../metrics/worker-counters.js';
import type { QuotaCounters } from '../quota/quota-counters.js';
import type { QuotaPeriodsRepository } from '../quota/quota-periods.repository.js';
import type { ReconciliationFindings } from '../quota/reconciliation-findings.repository.js';
import { type ReconcileResult, reconcileUsage } from '../quota/usage-reconcile.js';
import type { JobHandler } from './job-processor.js';

/** `usage.reconcile` (every 15 minutes): gateway quota counters against the rollups; each new difference raised once. */
export function createUsageReconcileJob(options: {
  periods: QuotaPeriodsRepository;
  counters: QuotaCounters;
  findings: ReconciliationFindings;
  graceMs: number;
  metrics: WorkerCounters;
  now?: () => number;
}): JobHandler<typeof usageReconcileJob> {
  const now = options.now ?? Date.now;
  return async (_payload, { logger }): Promise<ReconcileResult> => {
    const result = await reconcileUsage({
      periods: options.periods,
      counters: options.counters,
      findings: options.findings,
      graceMs: options.graceMs,
      nowMs: now(),
    });
    for (const finding of result.newFindings) {
      options.metrics.usageReconciliationFindings += 1;
      logger.error({ finding }, 'usage reconciliation: gateway quota counter and rollups differ');
    }
    logger.info({ compared: result.compared, newFindings: result.newFindings.length }, 'usage reconciled');
    return result;
  };
}
