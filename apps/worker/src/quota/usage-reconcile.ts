import { addUtcMonths, quotaCounterRetentionSeconds } from '@tollgate/contracts';
import type { QuotaCounters } from './quota-counters.js';
import type {
  QuotaPeriodsRepository,
  QuotaSubscription,
  SubscriptionPeriod,
} from './quota-periods.repository.js';
import { currentPeriod } from './quota-rebuild.js';
import type { ReconciliationFindings } from './reconciliation-findings.repository.js';

/** One difference between a gateway quota counter and the rollups, for one subscription and period. */
export interface ReconciliationFinding {
  tenantId: string;
  subscriptionId: string;
  periodStart: number;
  periodEnd: number;
  kind: 'closed_period_mismatch' | 'rollups_ahead';
  gatewayCount: number;
  rollupCount: number;
}

export interface ReconcileResult {
  compared: number;
  /** Findings not raised before (each subscription, period and kind is raised once). */
  newFindings: ReconciliationFinding[];
}

const pageSize = 1_000;

/**
 * Compares like with like: the gateways' quota counter (calls admitted past the limit stage)
 * with the rollups' quota-counted calls, per subscription and period.
 * - A closed period past the grace window must match exactly: every event has arrived, and
 *   late ones never count against quota.
 * - The running period may lag (events still queued), so only the impossible direction is a
 *   finding: the rollups ahead of the gateway, which admitted every call they count.
 * Counters that are gone (expired after the retention, or lost with Redis before a rebuild)
 * are not compared. Each new finding is stored and raised as an alert once.
 */
export async function reconcileUsage(deps: {
  periods: QuotaPeriodsRepository;
  counters: QuotaCounters;
  /** Stores a finding and raises its alert, once; true when it was new. */
  findings: Pick<ReconciliationFindings, 'reportOnce'>;
  graceMs: number;
  nowMs: number;
}): Promise<ReconcileResult> {
  const result: ReconcileResult = { compared: 0, newFindings: [] };
  let after = '';
  for (;;) {
    const page = await deps.periods.liveSubscriptions(after, pageSize);
    if (page.length === 0) return result;
    after = page[page.length - 1]!.subscriptionId;
    const checks = page.flatMap((s) => periodsToCheck(s, deps.nowMs, deps.graceMs));
    const [rollups, gateway] = await Promise.all([
      deps.periods.quotaCalls(checks.map((c) => c.period)),
      deps.counters.read(checks.map((c) => c.period)),
    ]);
    for (const [i, check] of checks.entries()) {
      const gatewayCount = gateway[i];
      if (gatewayCount === null || gatewayCount === undefined) continue;
      const rollupCount = rollups[i] ?? 0;
      result.compared += 1;
      const kind = check.closed
        ? gatewayCount === rollupCount
          ? null
          : 'closed_period_mismatch'
        : rollupCount > gatewayCount
          ? 'rollups_ahead'
          : null;
      if (kind === null) continue;
      const finding: ReconciliationFinding = {
        tenantId: check.tenantId,
        subscriptionId: check.period.subscriptionId,
        periodStart: check.period.start,
        periodEnd: check.period.end,
        kind,
        gatewayCount,
        rollupCount,
      };
      if (await deps.findings.reportOnce(finding)) result.newFindings.push(finding);
    }
  }
}

interface PeriodCheck {
  tenantId: string;
  period: SubscriptionPeriod;
  closed: boolean;
}

/** The running period, and the previous one once it is past the grace window and its counter is still kept. */
function periodsToCheck(s: QuotaSubscription, nowMs: number, graceMs: number): PeriodCheck[] {
  const running = currentPeriod(s.subscriptionId, s.recorded, nowMs);
  const checks: PeriodCheck[] = [{ tenantId: s.tenantId, period: running, closed: false }];
  // Periods are monthly from their anchor: the previous one ends where the running one starts.
  // (An anchor clamped at a month's end can make this start differ from the real one; then
  // no counter has that name and the period is skipped, never misreported.)
  const previous: SubscriptionPeriod = {
    subscriptionId: s.subscriptionId,
    start: addUtcMonths(new Date(running.start), -1),
    end: running.start,
  };
  const settled = previous.end + graceMs <= nowMs;
  const kept = previous.end + quotaCounterRetentionSeconds * 1000 > nowMs;
  if (settled && kept) {
    checks.push({ tenantId: s.tenantId, period: previous, closed: true });
  }
  return checks;
}
