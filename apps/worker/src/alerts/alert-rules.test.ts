import { describe, expect, it } from 'vitest';
import { type ActiveAlert, decideAlerts, hasReached } from './alert-rules.js';

const period = new Date('2026-11-01T00:00:00Z');
const next = new Date('2026-12-01T00:00:00Z');
const subject = (used: number, quota: number | null = 1000, thresholds = [50, 80, 100]) => ({
  quota,
  thresholds,
  periodStart: period,
  used,
});
const active = (thresholdPercent: number, over: Partial<ActiveAlert> = {}): ActiveAlert => ({
  id: `alr_${thresholdPercent}`,
  thresholdPercent,
  quota: 1000,
  periodStart: period,
  ...over,
});

describe('decideAlerts', () => {
  it('reached.ok: every threshold at or under the usage, none above it', () => {
    expect(decideAlerts(subject(799), []).reached).toEqual([50]);
    expect(decideAlerts(subject(800), []).reached).toEqual([50, 80]);
    expect(decideAlerts(subject(1500), []).reached).toEqual([50, 80, 100]);
    expect(decideAlerts(subject(0), []).reached).toEqual([]);
  });

  it('reached.none: no quota, a zero quota or no thresholds raise nothing', () => {
    expect(decideAlerts(subject(5000, null), []).reached).toEqual([]);
    expect(decideAlerts(subject(5000, 0), []).reached).toEqual([]);
    expect(decideAlerts(subject(5000, 1000, []), []).reached).toEqual([]);
  });

  it('resolve.period_ended: alerts of an earlier period resolve when a new one starts', () => {
    const decision = decideAlerts({ ...subject(0), periodStart: next }, [active(80)]);
    expect(decision.resolve).toEqual([{ id: 'alr_80', reason: 'period_ended' }]);
  });

  it('resolve.quota_changed: an upgrade to a larger quota resolves the old alerts', () => {
    const decision = decideAlerts(subject(800, 10_000), [active(50), active(80)]);
    expect(decision.resolve.map((r) => r.reason)).toEqual(['quota_changed', 'quota_changed']);
    expect(decision.reached).toEqual([]);
  });

  it('resolve.kept: an alert still true stays active', () => {
    expect(decideAlerts(subject(900), [active(80)]).resolve).toEqual([]);
  });

  it('resolve.threshold_removed and subscription_ended', () => {
    expect(decideAlerts(subject(900, 1000, [50]), [active(80)]).resolve).toEqual([
      { id: 'alr_80', reason: 'threshold_removed' },
    ]);
    expect(decideAlerts(null, [active(80)]).resolve).toEqual([
      { id: 'alr_80', reason: 'subscription_ended' },
    ]);
  });

  it('hasReached: integer arithmetic, exact at the edge', () => {
    expect(hasReached(80, 100, 80)).toBe(true);
    expect(hasReached(79, 100, 80)).toBe(false);
    expect(hasReached(1, 3, 33)).toBe(true);
  });
});
