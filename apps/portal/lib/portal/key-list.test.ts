import { describe, expect, it } from 'vitest';
import { mergeKeys } from './key-list';
import type { PortalKey } from './portal-types';

const key = (id: string, status = 'active') => ({ id, status }) as PortalKey;

describe('mergeKeys', () => {
  it('merge.rotated: the new key goes first, the old one keeps its row with its new state', () => {
    const merged = mergeKeys([key('key_a'), key('key_b')], [key('key_c'), key('key_b', 'revoked')]);
    expect(merged.map((k) => `${k.id}:${k.status}`)).toEqual([
      'key_c:active',
      'key_a:active',
      'key_b:revoked',
    ]);
  });

  it('merge.unloaded: before the list loads, the changed keys are the list', () => {
    expect(mergeKeys(null, [key('key_a')]).map((k) => k.id)).toEqual(['key_a']);
  });
});
