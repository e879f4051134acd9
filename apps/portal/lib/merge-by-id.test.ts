import { describe, expect, it } from 'vitest';
import { mergeById } from './merge-by-id';

const key = (id: string, status = 'active') => ({ id, status });

describe('mergeById', () => {
  it('merge.rotated: the new key goes first, the old one keeps its row with its new state', () => {
    const merged = mergeById([key('key_a'), key('key_b')], [key('key_c'), key('key_b', 'revoked')]);
    expect(merged.map((k) => `${k.id}:${k.status}`)).toEqual([
      'key_c:active',
      'key_a:active',
      'key_b:revoked',
    ]);
  });

  it('merge.unloaded: before the list loads, the changed keys are the list', () => {
    expect(mergeById(null, [key('key_a')]).map((k) => k.id)).toEqual(['key_a']);
  });
});
