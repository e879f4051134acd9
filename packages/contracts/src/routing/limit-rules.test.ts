import { describe, expect, it } from 'vitest';
import { callerRate, emissionIntervalMs, gcraAdmit, quotaFor } from './limit-rules.js';

describe('limit rules', () => {
  it('gcra.burst-then-rate: burst requests from idle, then one per emission interval', () => {
    const T = emissionIntervalMs({ limit: 5, windowSeconds: 60 });
    expect(T).toBe(12_000);
    let tat = 0;
    const admitted: boolean[] = [];
    // Seven requests at once, then one 12 s later.
    for (const at of [0, 0, 0, 0, 0, 0, 0, 12_000]) {
      const step = gcraAdmit(tat, 1_000_000 + at, T, 5);
      tat = step.tat;
      admitted.push(step.admitted);
    }
    expect(admitted).toEqual([true, true, true, true, true, false, false, true]);
  });

  it('limit-rules.choice: a route override (even null) replaces the plan rate; quotas count live keys only', () => {
    expect(callerRate(undefined, () => 'plan')).toBe('plan');
    expect(callerRate(null, () => 'plan')).toBeNull();
    expect(callerRate('route', () => 'plan')).toBe('route');
    expect(quotaFor({ monthlyQuota: 100 }, 'live')).toBe(100);
    expect(quotaFor({ monthlyQuota: 100 }, 'test')).toBeNull();
    expect(quotaFor(null, 'live')).toBeNull();
  });
});
