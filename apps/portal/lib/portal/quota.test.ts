import { describe, expect, it } from 'vitest';
import { alertText, bannerAlert, formatPercent, quotaShare } from './quota';

const period = { periodStart: '2026-11-01T00:00:00.000Z', periodEnd: '2026-12-01T00:00:00.000Z' };

describe('quota share', () => {
  it('share.ok: below 80% is ok, from 80% a warning, from 100% exceeded and the bar stops at 100', () => {
    expect(quotaShare({ limit: 1000, used: 250, ...period })).toEqual({
      percent: 25,
      barPercent: 25,
      tone: 'ok',
    });
    expect(quotaShare({ limit: 1000, used: 800, ...period }).tone).toBe('warning');
    expect(quotaShare({ limit: 1000, used: 1500, ...period })).toEqual({
      percent: 150,
      barPercent: 100,
      tone: 'exceeded',
    });
  });

  it('percent.edges: a little use is 1%, almost all is 99%, never rounded to 0% or 100%', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.01)).toBe('1%');
    expect(formatPercent(99.7)).toBe('99%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(42.4)).toBe('42%');
  });
});

describe('alert text', () => {
  const alert = {
    id: 'alr_1',
    quota: 100_000,
    firedAt: '2026-11-20T00:00:00.000Z',
    ...period,
  };

  it('alert.threshold: names the threshold, the calls used and the period end', () => {
    expect(alertText({ ...alert, thresholdPercent: 80, usedCalls: 80_123 })).toBe(
      'You have reached 80% of your monthly quota: 80,123 of 100,000 calls in the period ending Dec 1, 2026. Calls beyond the quota will be refused.',
    );
  });

  it('alert.exhausted: at 100% it says further calls are refused', () => {
    expect(alertText({ ...alert, thresholdPercent: 100, usedCalls: 100_000 })).toContain(
      'Further calls are refused until the period ends',
    );
  });

  it('banner.highest: of several unresolved alerts the banner shows the highest threshold; none without', () => {
    const at = (thresholdPercent: number) => ({
      ...alert,
      id: `alr_${thresholdPercent}`,
      thresholdPercent,
      usedCalls: 1,
    });
    expect(bannerAlert([at(80), at(100), at(90)])?.id).toBe('alr_100');
    expect(bannerAlert([])).toBeNull();
  });
});
