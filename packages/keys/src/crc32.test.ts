import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Ascii } from './crc32.js';

describe('crc32Ascii', () => {
  it('check-value.ok: matches the standard CRC-32 check value', () => {
    expect(crc32Ascii('123456789')).toBe(0xcbf43926);
    expect(crc32Ascii('')).toBe(0);
  });

  it('matches-zlib.ok: same as node:zlib on random ASCII', () => {
    for (let i = 0; i < 200; i++) {
      let text = '';
      const length = Math.floor(Math.random() * 80);
      for (let j = 0; j < length; j++) text += String.fromCharCode(32 + Math.floor(Math.random() * 95));
      expect(crc32Ascii(text)).toBe(crc32(text));
    }
  });
});
