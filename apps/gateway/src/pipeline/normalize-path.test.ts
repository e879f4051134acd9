import { describe, expect, it } from 'vitest';
import { normalizePath } from './normalize-path.js';

describe('normalizePath', () => {
  it.each([
    ['/echo/users', '/echo/users'],
    ['/', '/'],
    ['/echo/a/../b', '/echo/b'],
    ['/echo/./a', '/echo/a'],
    ['/echo//a///b', '/echo/a/b'],
    ['/echo/%2e%2e/admin', '/admin'],
    ['/echo/%2E%2e/admin', '/admin'],
    ['/echo/.%2e/admin', '/admin'],
    ['/../../etc', '/etc'],
    ['/echo/a/', '/echo/a/'],
    ['/echo/a/.', '/echo/a/'],
    ['/echo/a/..', '/echo/'],
    ['/echo/%41bc', '/echo/Abc'],
    ['/echo/caf%c3%a9', '/echo/caf%C3%A9'],
    ['/echo/a%20b', '/echo/a%20b'],
    ['/echo/%e2%82%ac', '/echo/%E2%82%AC'],
    ['/echo/a;b/c', '/echo/a;b/c'],
    ['/echo/..../x', '/echo/..../x'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    ['/echo/a%2fb'],
    ['/echo/a%2Fb'],
    ['/echo/a%5cb'],
    ['/echo/a\\b'],
    ['/echo/a%00b'],
    ['/echo/%zz'],
    ['/echo/%2'],
    ['echo'],
    ['/echo/..;/admin'],
    ['/echo/.;x/admin'],
    ['/echo/%2e%2e;/admin'],
    ['/echo/%c0%ae%c0%ae/admin'],
    ['/echo/%c0%af'],
    ['/echo/%e0%80%ae'],
    ['/echo/%ff'],
    ['/echo/caf%c3'],
    ['/echo/caf\u00e9'],
    ['http://evil/echo'],
    [''],
  ])('refuses the ambiguous path %s', (input) => {
    expect(normalizePath(input)).toBeNull();
  });

  it('returns an already canonical path unchanged (same string)', () => {
    const path = '/echo/users/42';
    expect(normalizePath(path)).toBe(path);
  });
});
