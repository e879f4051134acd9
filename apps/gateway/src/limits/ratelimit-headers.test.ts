import { describe, expect, it } from 'vitest';
import { joinItems, policyItem, secondsUp, stateItem } from './ratelimit-headers.js';

describe('RateLimit header fields (structured fields)', () => {
  it('writes a policy item as a quoted name with q and w', () => {
    expect(policyItem('rate', 100, 60)).toBe('"rate";q=100;w=60');
    expect(policyItem('quota', 10_000, 2_592_000)).toBe('"quota";q=10000;w=2592000');
  });

  it('writes a state item with r and t', () => {
    expect(stateItem('rate', 42, 3)).toBe('"rate";r=42;t=3');
  });

  it('lists every policy that applies, comma separated', () => {
    expect(
      joinItems([
        policyItem('rate', 100, 60),
        policyItem('quota', 10_000, 2_592_000),
        policyItem('api', 1000, 1),
      ]),
    ).toBe('"rate";q=100;w=60, "quota";q=10000;w=2592000, "api";q=1000;w=1');
    expect(joinItems([])).toBe('');
  });

  it('never writes a negative, fractional or non-finite integer', () => {
    expect(stateItem('rate', -3, 1.7)).toBe('"rate";r=0;t=1');
    expect(stateItem('rate', Number.NaN, 2)).toBe('"rate";r=0;t=2');
    expect(policyItem('quota', 1e20, 1)).toBe('"quota";q=999999999999999;w=1');
  });

  it('rounds milliseconds up to whole seconds, so a client never retries early', () => {
    expect(secondsUp(0)).toBe(0);
    expect(secondsUp(-5)).toBe(0);
    expect(secondsUp(1)).toBe(1);
    expect(secondsUp(1000)).toBe(1);
    expect(secondsUp(1001)).toBe(2);
  });
});
