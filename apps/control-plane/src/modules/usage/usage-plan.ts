/**
 * Which rollup table answers which part of a usage query. The minute rollups are the truth;
 * the worker derives hourly and daily ones from them (`usage.derive`). A range is read from
 * the coarsest table that covers it exactly: daily rows for whole UTC days, hourly rows for
 * whole hours, minute rows for the ragged edges, the hours not derived yet (at or after the
 * watermark) and the hours a late batch made dirty. So the answer always equals the sum of
 * the minute rollups, while a month of data costs tens of daily rows, not 43,200 minutes.
 */
export type Source = 'minute' | 'hour' | 'day';

export interface Segment {
  source: Source;
  /** Epoch ms, inclusive. */
  fromMs: number;
  /** Epoch ms, exclusive. */
  toMs: number;
}

export interface PlanInput {
  fromMs: number;
  toMs: number;
  /** The coarsest table the buckets allow: a minute series cannot read hours. */
  coarsest: Source;
  /** Every hour before this is derived (null: nothing derived yet). */
  watermarkMs: number | null;
  /** Starts of the hours whose derived rows may be stale for this tenant. */
  dirtyHours: ReadonlySet<number>;
}

export const minuteMs = 60_000;
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

const rank: Record<Source, number> = { minute: 0, hour: 1, day: 2 };

/** Contiguous segments, each from one table, covering [fromMs, toMs) exactly once. */
export function planSources(input: PlanInput): Segment[] {
  const { fromMs, toMs, coarsest, dirtyHours } = input;
  const watermarkMs = input.watermarkMs ?? Number.NEGATIVE_INFINITY;
  const allows = (source: Source) => rank[source] <= rank[coarsest];
  const segments: Segment[] = [];
  const push = (source: Source, from: number, to: number) => {
    const last = segments.at(-1);
    if (last && last.source === source && last.toMs === from) last.toMs = to;
    else segments.push({ source, fromMs: from, toMs: to });
  };
  const cleanHours = (from: number, to: number) => {
    for (let h = from; h < to; h += hourMs) if (dirtyHours.has(h)) return false;
    return true;
  };
  let t = fromMs;
  while (t < toMs) {
    const derivable = (span: number) => t % span === 0 && t + span <= toMs && t + span <= watermarkMs;
    if (allows('day') && derivable(dayMs) && cleanHours(t, t + dayMs)) {
      push('day', t, t + dayMs);
      t += dayMs;
    } else if (allows('hour') && derivable(hourMs) && !dirtyHours.has(t)) {
      push('hour', t, t + hourMs);
      t += hourMs;
    } else {
      const next = Math.min(toMs, (Math.floor(t / hourMs) + 1) * hourMs);
      push('minute', t, next);
      t = next;
    }
  }
  return segments;
}
