/** A subscription as the evaluation sees it, in its current quota period. */
export interface AlertSubject {
  /** Null: unlimited (no quota alerts). */
  quota: number | null;
  /** The plan's thresholds, percents of the quota. */
  thresholds: readonly number[];
  periodStart: Date;
  /** Quota calls counted in the period so far. */
  used: number;
}

/** An alert not resolved yet. */
export interface ActiveAlert {
  id: string;
  thresholdPercent: number;
  quota: number;
  periodStart: Date;
}

export type ResolveReason =
  | 'period_ended'
  | 'quota_changed'
  | 'threshold_removed'
  | 'usage_dropped'
  | 'subscription_ended';

export interface AlertDecision {
  /** Thresholds reached now; each fires unless it already fired for this period and quota. */
  reached: number[];
  resolve: Array<{ id: string; reason: ResolveReason }>;
}

/** True when `used` is at least `percent`% of `quota` (integers only: no rounding at the edge). */
export function hasReached(used: number, quota: number, percent: number): boolean {
  return used * 100 >= quota * percent;
}

/**
 * What to fire and what to resolve for one subscription. `subject` null: the subscription is
 * no longer live (canceled, gone), so all its alerts resolve. A quota of 0 or none raises nothing.
 */
export function decideAlerts(subject: AlertSubject | null, active: readonly ActiveAlert[]): AlertDecision {
  if (subject === null) {
    return { reached: [], resolve: active.map((a) => ({ id: a.id, reason: 'subscription_ended' })) };
  }
  const { quota, used } = subject;
  const resolve: AlertDecision['resolve'] = [];
  for (const alert of active) {
    const reason: ResolveReason | null =
      alert.periodStart.getTime() !== subject.periodStart.getTime()
        ? 'period_ended'
        : alert.quota !== quota
          ? 'quota_changed'
          : !subject.thresholds.includes(alert.thresholdPercent)
            ? 'threshold_removed'
            : !hasReached(used, alert.quota, alert.thresholdPercent)
              ? 'usage_dropped'
              : null;
    if (reason) resolve.push({ id: alert.id, reason });
  }
  const reached =
    quota === null || quota <= 0
      ? []
      : [...new Set(subject.thresholds)].filter((t) => hasReached(used, quota, t)).sort((a, b) => a - b);
  return { reached, resolve };
}
