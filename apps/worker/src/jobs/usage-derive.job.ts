import type { usageDeriveJob } from '@tollgate/contracts';
import type {
  DeriveOptions,
  DeriveResult,
  UsageDerivationRepository,
} from '../usage/usage-derive.repository.js';
import type { JobHandler } from './job-processor.js';

/**
 * Defaults: an hour is derived 5 minutes after it ends (a batch in flight lasts far less, so
 * the marks are safe), the last hour is recomputed on every run anyway, and a fresh install
 * catches up a week of history per run, a day per transaction.
 */
export const deriveDefaults: DeriveOptions = {
  settleMs: 5 * 60_000,
  lookbackHours: 1,
  maxHoursPerRun: 7 * 24,
  chunkHours: 24,
};

/** How often the worker schedules `usage.derive`. */
export const usageDeriveEveryMs = 5 * 60_000;

/**
 * `usage.derive` (every few minutes): hourly and daily rollups recomputed from the minute
 * rollups for the hours that ended since the last run and the hours late batches touched.
 * Idempotent: a retry or a second run recomputes the same rows.
 */
export function createUsageDeriveJob(options: {
  repository: UsageDerivationRepository;
  derive?: Partial<DeriveOptions>;
}): JobHandler<typeof usageDeriveJob> {
  const settings = { ...deriveDefaults, ...options.derive };
  return async (_payload, { logger }): Promise<DeriveResult> => {
    const result = await options.repository.derive(settings);
    logger.info(result, 'usage rollups derived');
    return result;
  };
}
