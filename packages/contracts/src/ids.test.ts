import { describe, expect, it } from 'vitest';
import { type IdKind, idPrefixes, newId } from './ids.js';

const crockford = /^[0-9abcdefghjkmnpqrstvwxyz]{26}$/;

describe('idPrefixes', () => {
  it('ok: every prefix is 3 lower-case letters and distinct', () => {
    const prefixes = Object.values(idPrefixes);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[a-z]{3}$/);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe('newId', () => {
  it('prefix.ok: every kind gets its prefix, then 26 Crockford base32 chars', () => {
    for (const kind of Object.keys(idPrefixes) as IdKind[]) {
      const id = newId(kind);
      const [prefix, rest, extra] = id.split('_');
      expect(prefix).toBe(idPrefixes[kind]);
      expect(rest).toMatch(crockford);
      expect(extra).toBeUndefined();
    }
    expect(newId('tenant')).toMatch(/^tnt_/);
    expect(newId('key')).toMatch(/^key_/);
    expect(newId('request')).toMatch(/^req_/);
  });

  it('unique.ok: 50k ids in a tight loop are distinct', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i++) ids.add(newId('event'));
    expect(ids.size).toBe(50_000);
  });

  it('sortable.ok: ids made later sort after (by millisecond)', async () => {
    const first = newId('batch');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newId('batch');
    expect(first.slice(0, 14) < second.slice(0, 14)).toBe(true);
    expect([second, first].sort()).toEqual([first, second]);
  });

  it('time.ok: the time part encodes now', () => {
    const before = Date.now();
    const id = newId('user');
    const after = Date.now();
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    let time = 0;
    for (const char of id.slice(4, 14)) time = time * 32 + alphabet.indexOf(char);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });
});
