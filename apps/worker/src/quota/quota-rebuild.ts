import { quotaPeriodAt } from '@tollgate/contracts';
import type { QuotaCounters } from './quota-counters.js';
import type { QuotaPeriodsRepository, SubscriptionPeriod } from './quota-periods.repository.js';

export interface QuotaRebuildResult {
  subscriptions: number;
  /** Counters that were behind the rollups (missing after a Redis loss) and were raised. */
  countersRaised: number;
  callsRestored: number;
}

const pageSize = 1_000;

/**
 * Restores every live subscription's quota counter for its current period from the rollups,
 * so a Redis loss does not hand consumers a fresh quota. Idempotent and safe under traffic
 * (see `QuotaCounters.raise`). Calls still in the lost queue are not in the rollups either:
 * that gap is the Redis fsync policy's loss window (docs/metering.md).
 */
export async function rebuildQuotaCounters(deps: {
  periods: QuotaPeriodsRepository;
  counters: QuotaCounters;
  nowMs: number;
}): Promise<QuotaRebuildResult> {
  const result: QuotaRebuildResult = { subscriptions: 0, countersRaised: 0, callsRestored: 0 };
  let after = '';
  for (;;) {
    const page = await deps.periods.liveSubscriptions(after, pageSize);
    if (page.length === 0) return result;
    after = page[page.length - 1]!.subscriptionId;
    const periods: SubscriptionPeriod[] = page.map((s) =>
      currentPeriod(s.subscriptionId, s.recorded, deps.nowMs),
    );
    const calls = await deps.periods.quotaCalls(periods);
    const wanted = periods.map((p, i) => ({ ...p, calls: calls[i] ?? 0 })).filter((p) => p.calls > 0);
    const added = await deps.counters.raise(wanted);
    result.subscriptions += page.length;
    for (const amount of added) {
      if (amount > 0) {
        result.countersRaised += 1;
        result.callsRestored += amount;
      }
    }
  }
}

/** The period the gateway counts in now (the same function it uses), in epoch ms. */
export function currentPeriod(
  subscriptionId: string,
  recorded: { start: number; end: number },
  nowMs: number,
): SubscriptionPeriod {
  const period = quotaPeriodAt(recorded, nowMs);
  return { subscriptionId, start: period.start * 1000, end: period.end * 1000 };
}
