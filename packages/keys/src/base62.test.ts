import { describe, expect, it } from 'vitest';
import { base62Alphabet, bytesToBase62, encodeBase62 } from './base62.js';

describe('base62', () => {
  it('alphabet.is-62-distinct-alphanumerics', () => {
    expect(new Set(base62Alphabet).size).toBe(62);
    expect(base62Alphabet).toMatch(/^[0-9A-Za-z]{62}$/);
  });

  it('encode.ok: known values, fixed width', () => {
    expect(encodeBase62(0n, 3)).toBe('000');
    expect(encodeBase62(61n, 2)).toBe('0z');
    expect(encodeBase62(62n, 2)).toBe('10');
    expect(encodeBase62(62n ** 6n - 1n, 6)).toBe('zzzzzz');
  });

  it('encode.too-wide: refuses a value that does not fit', () => {
    expect(() => encodeBase62(62n ** 6n, 6)).toThrow(RangeError);
    expect(() => encodeBase62(-1n, 6)).toThrow(RangeError);
  });

  it('bytes.ok: 32 bytes of 0xff fit in 43 characters', () => {
    const max = bytesToBase62(new Uint8Array(32).fill(0xff), 43);
    expect(max).toHaveLength(43);
    expect(BigInt(`0x${'ff'.repeat(32)}`)).toBe(decode(max));
    expect(bytesToBase62(new Uint8Array(32), 43)).toBe('0'.repeat(43));
    expect(bytesToBase62(new Uint8Array(0), 4)).toBe('0000');
  });

  it('bytes.ok: respects the view of a sliced buffer', () => {
    const big = Buffer.from([9, 9, 0, 1, 9]);
    expect(bytesToBase62(big.subarray(2, 4), 3)).toBe('001');
  });
});

function decode(text: string): bigint {
  let value = 0n;
  for (const char of text) value = value * 62n + BigInt(base62Alphabet.indexOf(char));
  return value;
}
