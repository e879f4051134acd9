import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, secretBoxFromEnv } from './secret-box.js';

const k1 = { kid: 'mk1', key: randomBytes(32) };
const k2 = { kid: 'mk2', key: randomBytes(32) };

describe('SecretBox', () => {
  it('seal.ok: opens what it sealed, and the sealed form never holds the plain text', () => {
    const box = new SecretBox(k1);
    const sealed = box.seal('whsec_plain_signing_secret', 'tnt_1:signing');
    expect(JSON.stringify(sealed)).not.toContain('whsec_plain');
    expect(box.openString(sealed, 'tnt_1:signing')).toBe('whsec_plain_signing_secret');
  });

  it('seal.ok: the same secret seals differently each time (random IV)', () => {
    const box = new SecretBox(k1);
    expect(box.seal('s', 'c').ciphertext).not.toBe(box.seal('s', 'c').ciphertext);
    expect(box.seal('s', 'c').iv).not.toBe(box.seal('s', 'c').iv);
  });

  it('open.invalid: refuses another context, a tampered ciphertext, and an unknown key', () => {
    const box = new SecretBox(k1);
    const sealed = box.seal('secret', 'tnt_1:signing');
    expect(() => box.open(sealed, 'tnt_2:signing')).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open({ ...sealed, ciphertext: flipped.toString('base64') }, 'tnt_1:signing')).toThrow();
    expect(() => new SecretBox(k2).open(sealed, 'tnt_1:signing')).toThrow(/unknown master key/);
  });

  it('rotation.ok: a new master key still opens secrets sealed under the previous one, and reseals them', () => {
    const sealed = new SecretBox(k1).seal('secret', 'ctx');
    const rotated = new SecretBox(k2, [k1]);
    expect(rotated.openString(sealed, 'ctx')).toBe('secret');
    const resealed = rotated.reseal(sealed, 'ctx');
    expect(resealed.kid).toBe('mk2');
    expect(new SecretBox(k2).openString(resealed, 'ctx')).toBe('secret');
  });

  it('key.invalid: refuses a master key that is not 32 bytes', () => {
    expect(() => new SecretBox({ kid: 'short', key: randomBytes(16) })).toThrow(TypeError);
  });

  it('env.ok: builds the box from MASTER_KEY and PREVIOUS_MASTER_KEYS', () => {
    const sealed = new SecretBox(k1).seal('secret', 'ctx');
    const box = secretBoxFromEnv({
      MASTER_KEY: k2.key.toString('base64'),
      MASTER_KEY_ID: 'mk2',
      PREVIOUS_MASTER_KEYS: `mk1:${k1.key.toString('base64')}`,
    });
    expect(box.openString(sealed, 'ctx')).toBe('secret');
  });
});
