import { gcraAdmit, type QuotaPeriod, quotaPeriodAt } from '@tollgate/contracts';
import type { ReplayLimits } from './replay-config.js';

export type LimitCode = 'rate_limited' | 'api_rate_limited' | 'quota_exceeded';

/** The caller and subscription of a replayed request, as the limit stage keys its counters. */
export interface LimitCaller {
  /** `key:<id>`, `consumer:<id>` or `ip:<addr>`. */
  subject: string;
  routeId: string;
  apiId: string;
  subscriptionId: string | null;
  /** The subscription's recorded billing period (epoch ms), for the quota's period. */
  period: { start: number; end: number } | null;
}

/**
 * The limit stage's counters kept in memory over recorded timestamps: one GCRA TAT per rate
 * bucket and per API, one counter per subscription and period, decided in the limit script's
 * order (rate, API-wide, quota) and written only when every limit admits.
 */
export class LimitSimulator {
  private readonly rateTats = new Map<string, number>();
  private readonly apiTats = new Map<string, number>();
  private readonly quotaUsed = new Map<string, number>();

  /** `quotaSeed`: calls already counted this period before the replayed window, by subscription. */
  constructor(private readonly quotaSeed: ReadonlyMap<string, { periodStart: number; used: number }>) {}

  decide(limits: ReplayLimits, caller: LimitCaller, atMs: number): LimitCode | null {
    const rateKey = limits.rateIsRoute ? `${caller.subject}\u0000${caller.routeId}` : caller.subject;
    let rateTat = 0;
    if (limits.rate !== null) {
      const step = gcraAdmit(
        this.rateTats.get(rateKey) ?? 0,
        atMs,
        limits.rate.emissionMs,
        limits.rate.burst,
      );
      if (!step.admitted) return 'rate_limited';
      rateTat = step.tat;
    }
    let apiTat = 0;
    if (limits.api !== null) {
      const step = gcraAdmit(
        this.apiTats.get(caller.apiId) ?? 0,
        atMs,
        limits.api.emissionMs,
        limits.api.burst,
      );
      if (!step.admitted) return 'api_rate_limited';
      apiTat = step.tat;
    }
    if (limits.quota !== null && caller.subscriptionId !== null) {
      const period: QuotaPeriod = quotaPeriodAt(caller.period, atMs);
      const key = `${caller.subscriptionId}\u0000${period.start}`;
      const used = this.quotaUsed.get(key) ?? this.seedOf(caller.subscriptionId, period.start);
      if (used >= limits.quota) return 'quota_exceeded';
      this.quotaUsed.set(key, used + 1);
    }
    if (limits.rate !== null) this.rateTats.set(rateKey, rateTat);
    if (limits.api !== null) this.apiTats.set(caller.apiId, apiTat);
    return null;
  }

  private seedOf(subscriptionId: string, periodStartSeconds: number): number {
    const seed = this.quotaSeed.get(subscriptionId);
    return seed !== undefined && seed.periodStart / 1000 === periodStartSeconds ? seed.used : 0;
  }
}
