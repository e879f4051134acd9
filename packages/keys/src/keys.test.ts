import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base62Alphabet } from './base62.js';
import {
  displayPrefix,
  generateKey,
  hashKey,
  keyChecksumLength,
  keyLength,
  keyRandomLength,
  parseKey,
} from './keys.js';

const pepper = 'a-test-pepper-that-is-long-enough-0123456789';
const keyShape = /^tg_(live|test)_[0-9A-Za-z]{49}$/;

describe('generateKey', () => {
  it('live.ok: tg_live_ key of the documented shape and its display prefix', () => {
    const { key, prefix } = generateKey('live');
    expect(key).toMatch(keyShape);
    expect(key.startsWith('tg_live_')).toBe(true);
    expect(key).toHaveLength(keyLength);
    expect(keyLength).toBe(57);
    expect(prefix).toBe(key.slice(0, 14));
    expect(prefix).toMatch(/^tg_live_[0-9A-Za-z]{6}$/);
  });

  it('test.ok: tg_test_ key parses as test', () => {
    const { key } = generateKey('test');
    expect(key.startsWith('tg_test_')).toBe(true);
    expect(parseKey(key)).toEqual({ environment: 'test' });
  });

  it('environment.invalid: refuses anything but live or test', () => {
    expect(() => generateKey('prod' as never)).toThrow(TypeError);
  });

  it('round-trip.ok: 10k generated keys are unique and all valid', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const environment = i % 2 === 0 ? 'live' : 'test';
      const { key } = generateKey(environment);
      expect(parseKey(key)).toEqual({ environment });
      seen.add(key);
    }
    expect(seen.size).toBe(10_000);
  });

  it('randomness.ok: the random part carries at least 32 bytes', () => {
    // 43 base62 characters hold up to 62^43 > 2^256 values.
    expect(keyRandomLength * Math.log2(62)).toBeGreaterThanOrEqual(256);
    // Every character position varies and the whole alphabet shows up: no fixed or narrow part.
    const positions = Array.from({ length: keyRandomLength }, () => new Set<string>());
    const used = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const random = generateKey('live').key.slice(8, 8 + keyRandomLength);
      for (let p = 0; p < keyRandomLength; p++) {
        positions[p]!.add(random[p]!);
        used.add(random[p]!);
      }
    }
    expect(used.size).toBe(62);
    // The first character carries < 6 bits (2^256 / 62^42 ≈ 60 values); the rest all 62.
    for (const [p, set] of positions.entries()) expect(set.size).toBeGreaterThan(p === 0 ? 40 : 55);
  });
});

describe('parseKey', () => {
  const { key } = generateKey('live');

  it('ok: a generated key parses with its environment', () => {
    expect(parseKey(key)).toEqual({ environment: 'live' });
  });

  it('typo.invalid: every single-character substitution is refused', () => {
    const alphabet = `${base62Alphabet}_-.+/= `;
    let tried = 0;
    for (let i = 0; i < key.length; i++) {
      for (const char of alphabet) {
        if (char === key[i]) continue;
        const typo = key.slice(0, i) + char + key.slice(i + 1);
        expect(parseKey(typo), typo).toBeNull();
        tried++;
      }
    }
    expect(tried).toBe(key.length * (alphabet.length - 1));
  });

  it('typo.invalid: every deletion, insertion and adjacent swap is refused', () => {
    for (let i = 0; i < key.length; i++) {
      expect(parseKey(key.slice(0, i) + key.slice(i + 1))).toBeNull();
      expect(parseKey(`${key.slice(0, i)}A${key.slice(i)}`)).toBeNull();
      if (i + 1 < key.length && key[i] !== key[i + 1]) {
        expect(parseKey(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2))).toBeNull();
      }
    }
  });

  it('typo.invalid: substitutions in many keys are refused (checksum, not luck)', () => {
    for (let n = 0; n < 200; n++) {
      const { key: other } = generateKey(n % 2 ? 'live' : 'test');
      const i = 8 + Math.floor(Math.random() * (keyLength - 8));
      const replacement = base62Alphabet[(base62Alphabet.indexOf(other[i]!) + 1 + n) % 62]!;
      if (replacement === other[i]) continue;
      expect(parseKey(other.slice(0, i) + replacement + other.slice(i + 1))).toBeNull();
    }
  });

  it('environment.invalid: another prefix or environment is refused', () => {
    const body = key.slice(8);
    for (const prefix of [
      'tg_prod_',
      'tg_LIVE_',
      'TG_live_',
      'tk_live_',
      'tg-live_',
      'tg_livex',
      'xx_live_',
    ]) {
      expect(parseKey(prefix + body)).toBeNull();
    }
    // Same body and checksum under the other environment: the checksum covers the prefix.
    expect(parseKey(`tg_test_${body}`)).toBeNull();
  });

  it('checksum.invalid: a well-formed key with a wrong checksum is refused', () => {
    const head = key.slice(0, keyLength - keyChecksumLength);
    expect(parseKey(`${head}000000`)).toBeNull();
    expect(parseKey(`${head}zzzzzz`)).toBeNull();
  });

  it('length.invalid: one shorter, one longer, empty and huge are refused', () => {
    expect(parseKey(key.slice(0, -1))).toBeNull();
    expect(parseKey(`${key}0`)).toBeNull();
    expect(parseKey('')).toBeNull();
    expect(parseKey('tg_live_')).toBeNull();
    expect(parseKey(key.repeat(2))).toBeNull();
  });

  it('huge.invalid: a 50 MB string is refused without work', () => {
    const huge = `tg_live_${'A'.repeat(50 * 1024 * 1024)}`;
    const started = performance.now();
    for (let i = 0; i < 1000; i++) expect(parseKey(huge)).toBeNull();
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('garbage.invalid: never throws on odd input', () => {
    const inputs: unknown[] = [
      undefined,
      null,
      0,
      57,
      {},
      [],
      Symbol('k'),
      () => key,
      Buffer.from(key),
      new String(key),
      `Bearer ${key}`,
      ` ${key.slice(1)}`,
      `${key.slice(0, -1)}\n`,
      `${key.slice(0, -1)}é`,
      `${key.slice(0, -2)}😀`,
      `${key.slice(0, -1)}\u0000`,
      '\uD800'.repeat(keyLength),
      'a'.repeat(keyLength),
    ];
    for (const input of inputs) {
      expect(() => parseKey(input)).not.toThrow();
      expect(parseKey(input)).toBeNull();
    }
  });

  it('cheap.ok: 20k parses take well under a second (generous bound for a busy machine)', () => {
    const keys = Array.from({ length: 100 }, (_, i) => generateKey(i % 2 ? 'live' : 'test').key);
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) parseKey(keys[i % 100]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('hashKey', () => {
  const { key } = generateKey('live');

  it('stable.ok: same key and pepper give the same 64-char hex hash', () => {
    const hash = hashKey(key, pepper);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey(key, pepper)).toBe(hash);
  });

  it('hmac.ok: is HMAC-SHA256 keyed with the pepper', () => {
    expect(hashKey(key, pepper)).toBe(createHmac('sha256', pepper).update(key).digest('hex'));
  });

  it('pepper.ok: another pepper gives another hash', () => {
    expect(hashKey(key, pepper)).not.toBe(hashKey(key, `${pepper}x`));
  });

  it('key.ok: another key gives another hash', () => {
    expect(hashKey(key, pepper)).not.toBe(hashKey(generateKey('live').key, pepper));
  });

  it('hash.no-key: the hash does not contain the key', () => {
    expect(hashKey(key, pepper)).not.toContain(key.slice(8, 20));
  });

  it('pepper.invalid: an empty pepper is refused', () => {
    expect(() => hashKey(key, '')).toThrow(TypeError);
  });
});

describe('displayPrefix', () => {
  it('ok: tg_{env}_ plus 6 characters, without the secret rest', () => {
    const { key, prefix } = generateKey('test');
    expect(displayPrefix(key)).toBe(prefix);
    expect(displayPrefix(key)).toMatch(/^tg_test_[0-9A-Za-z]{6}$/);
    expect(key.length - displayPrefix(key).length).toBe(43);
  });
});
