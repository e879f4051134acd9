import { describe, expect, it } from 'vitest';
import { targetPathProblems, versionConflict } from './api-rules.js';

const api = (name: string, versionName = '', versionDefault = false) => ({
  name,
  versionName,
  versionDefault,
});

describe('versionConflict', () => {
  it('versions.ok: versions next to one unversioned fallback', () => {
    expect(versionConflict(api('', 'v2'), [api('v1'), api('v3', 'v3')])).toBeNull();
    expect(versionConflict(api('', 'v2', true), [api('v3', 'v3')])).toBeNull();
  });

  it('versions.conflict: the same version, two unversioned, or two fallbacks', () => {
    expect(versionConflict(api('', 'v2'), [api('Old', 'v2')])).toMatch(/Old/);
    expect(versionConflict(api(''), [api('Plain')])).toMatch(/Plain/);
    expect(versionConflict(api('', 'v2', true), [api('Plain')])).toMatch(/Plain/);
    expect(versionConflict(api(''), [api('Default', 'v1', true)])).toMatch(/Default/);
  });
});

describe('targetPathProblems', () => {
  it('targets.path: a target must use the upstream URL path', () => {
    expect(
      targetPathProblems('http://a.example/base', [{ path: 'url', url: 'http://b.example/base' }]),
    ).toEqual([]);
    expect(
      targetPathProblems('http://a.example/base', [{ path: 'url', url: 'http://b.example/' }]),
    ).toMatchObject([{ path: 'url' }]);
  });
});
