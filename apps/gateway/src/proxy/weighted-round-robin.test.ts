import { describe, expect, it } from 'vitest';
import { pickWeighted, type Weighted } from './weighted-round-robin.js';

type Target = Weighted & { name: string };

const targets = (...weights: [string, number][]): Target[] =>
  weights.map(([name, weight]) => ({ name, weight, currentWeight: 0 }));

function picks(list: Target[], n: number, available: (t: Target) => boolean = () => true): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pickWeighted(list, available)?.name ?? '-');
  return out;
}

describe('pickWeighted (smooth weighted round robin)', () => {
  it('spreads 5:1:1 as nginx does, never in runs', () => {
    expect(picks(targets(['a', 5], ['b', 1], ['c', 1]), 7).join('')).toBe('aabacaa');
  });

  it('gives each target exactly its share over a whole cycle', () => {
    const list = targets(['a', 3], ['b', 2], ['c', 1]);
    const counts = new Map<string, number>();
    for (const name of picks(list, 600)) counts.set(name, (counts.get(name) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ a: 300, b: 200, c: 100 });
  });

  it('alternates equal weights', () => {
    expect(picks(targets(['a', 1], ['b', 1]), 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('skips unavailable and excluded targets, null when none is left', () => {
    const list = targets(['a', 1], ['b', 1]);
    expect(picks(list, 3, (t) => t.name !== 'a')).toEqual(['b', 'b', 'b']);
    expect(pickWeighted(list, () => true, new Set([list[0]!]))?.name).toBe('b');
    expect(pickWeighted(list, () => false)).toBeNull();
  });
});
