import { describe, expect, it } from 'vitest';
import { planSources, type Segment } from './usage-plan.js';

const t = (iso: string) => Date.parse(iso);
const show = (segments: Segment[]) =>
  segments.map(
    (s) =>
      `${s.source} ${new Date(s.fromMs).toISOString().slice(5, 16)}→${new Date(s.toMs).toISOString().slice(5, 16)}`,
  );

describe('planSources', () => {
  const watermarkMs = t('2026-01-10T06:00:00Z');

  it('reads whole derived days from daily rows, whole hours from hourly rows, the edges from minutes', () => {
    const plan = planSources({
      fromMs: t('2026-01-01T22:30:00Z'),
      toMs: t('2026-01-10T07:45:00Z'),
      coarsest: 'day',
      watermarkMs,
      dirtyHours: new Set(),
    });
    expect(show(plan)).toEqual([
      'minute 01-01T22:30→01-01T23:00',
      'hour 01-01T23:00→01-02T00:00',
      'day 01-02T00:00→01-10T00:00',
      // Hours before the watermark, then minutes for what is not derived yet.
      'hour 01-10T00:00→01-10T06:00',
      'minute 01-10T06:00→01-10T07:45',
    ]);
  });

  it('covers the range exactly once, whatever the inputs', () => {
    for (const coarsest of ['minute', 'hour', 'day'] as const) {
      const plan = planSources({
        fromMs: t('2026-01-03T00:00:00Z'),
        toMs: t('2026-01-05T13:17:00Z'),
        coarsest,
        watermarkMs,
        dirtyHours: new Set([t('2026-01-04T05:00:00Z')]),
      });
      expect(plan[0]?.fromMs).toBe(t('2026-01-03T00:00:00Z'));
      expect(plan.at(-1)?.toMs).toBe(t('2026-01-05T13:17:00Z'));
      for (let i = 1; i < plan.length; i++) expect(plan[i]?.fromMs).toBe(plan[i - 1]?.toMs);
    }
  });

  it('never reads a table coarser than the buckets', () => {
    const input = {
      fromMs: t('2026-01-03T00:00:00Z'),
      toMs: t('2026-01-05T00:00:00Z'),
      watermarkMs,
      dirtyHours: new Set<number>(),
    };
    expect(show(planSources({ ...input, coarsest: 'minute' }))).toEqual(['minute 01-03T00:00→01-05T00:00']);
    expect(show(planSources({ ...input, coarsest: 'hour' }))).toEqual(['hour 01-03T00:00→01-05T00:00']);
    expect(show(planSources({ ...input, coarsest: 'day' }))).toEqual(['day 01-03T00:00→01-05T00:00']);
  });

  it('reads a dirty hour from minutes, and its day from hours', () => {
    const plan = planSources({
      fromMs: t('2026-01-03T00:00:00Z'),
      toMs: t('2026-01-05T00:00:00Z'),
      coarsest: 'day',
      watermarkMs,
      dirtyHours: new Set([t('2026-01-04T05:00:00Z')]),
    });
    expect(show(plan)).toEqual([
      'day 01-03T00:00→01-04T00:00',
      'hour 01-04T00:00→01-04T05:00',
      'minute 01-04T05:00→01-04T06:00',
      'hour 01-04T06:00→01-05T00:00',
    ]);
  });

  it('reads only minutes before the first derivation', () => {
    const plan = planSources({
      fromMs: t('2026-01-03T00:00:00Z'),
      toMs: t('2026-01-05T00:00:00Z'),
      coarsest: 'day',
      watermarkMs: null,
      dirtyHours: new Set(),
    });
    expect(show(plan)).toEqual(['minute 01-03T00:00→01-05T00:00']);
  });
});
