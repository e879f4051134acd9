import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseTollgateSignature,
  type SignedRequest,
  signatureBase,
  signTollgateRequest,
  verifyTollgateSignature,
} from './signature.js';

const request: SignedRequest = {
  method: 'GET',
  path: '/v1/people/42',
  consumer: 'con_1',
  keyId: 'key_1',
  plan: 'pln_basic',
};
const now = 1_800_000_000;

describe('Tollgate-Signature', () => {
  it('sign.ok: is t and one v1 HMAC-SHA256 (hex) over "t.method.path.consumer.keyId.plan"', () => {
    const header = signTollgateRequest(request, ['whsec_one'], now);
    const expected = createHmac('sha256', 'whsec_one')
      .update(`${now}.GET./v1/people/42.con_1.key_1.pln_basic`)
      .digest('hex');
    expect(header).toBe(`t=${now},v1=${expected}`);
    expect(signatureBase(now, request)).toBe(`${now}.GET./v1/people/42.con_1.key_1.pln_basic`);
  });

  it('verify.ok: accepts its own header, with text, byte and KeyObject secrets alike', () => {
    const header = signTollgateRequest(request, [createSecretKey(Buffer.from('whsec_one'))], now);
    expect(verifyTollgateSignature(header, request, ['whsec_one'], now)).toEqual({ valid: true, t: now });
    expect(verifyTollgateSignature(header, request, [Buffer.from('whsec_one')], now).valid).toBe(true);
  });

  it('rotation.ok: two secrets give two v1 values, and a verifier holding either one accepts', () => {
    const header = signTollgateRequest(request, ['whsec_old', 'whsec_new'], now);
    expect(parseTollgateSignature(header)?.v1).toHaveLength(2);
    expect(verifyTollgateSignature(header, request, ['whsec_old'], now).valid).toBe(true);
    expect(verifyTollgateSignature(header, request, ['whsec_new'], now).valid).toBe(true);
    expect(verifyTollgateSignature(header, request, ['whsec_other'], now)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
  });

  it('verify.stale: refuses a t more than 300 s away from the verifier clock, either way', () => {
    const header = signTollgateRequest(request, ['s'], now);
    expect(verifyTollgateSignature(header, request, ['s'], now + 300).valid).toBe(true);
    expect(verifyTollgateSignature(header, request, ['s'], now - 300).valid).toBe(true);
    expect(verifyTollgateSignature(header, request, ['s'], now + 301)).toEqual({
      valid: false,
      reason: 'stale',
    });
    expect(verifyTollgateSignature(header, request, ['s'], now - 301)).toEqual({
      valid: false,
      reason: 'stale',
    });
    expect(verifyTollgateSignature(header, request, ['s'], now + 60, 30).valid).toBe(false);
  });

  it('verify.mismatch: any changed part (method, path, consumer, key id, plan, t) fails', () => {
    const header = signTollgateRequest(request, ['s'], now);
    for (const changed of [
      { ...request, method: 'POST' },
      { ...request, path: '/v1/people/43' },
      { ...request, consumer: 'con_2' },
      { ...request, keyId: 'key_2' },
      { ...request, plan: 'pln_pro' },
    ]) {
      expect(verifyTollgateSignature(header, changed, ['s'], now)).toEqual({
        valid: false,
        reason: 'mismatch',
      });
    }
    const moved = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verifyTollgateSignature(moved, request, ['s'], now)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('verify.malformed: refuses missing, empty and garbled headers', () => {
    for (const header of [
      undefined,
      null,
      '',
      't=abc,v1=00',
      `t=${now}`,
      'v1=zz',
      `t=${now},t=${now},v1=${'a'.repeat(64)}`,
    ]) {
      expect(verifyTollgateSignature(header, request, ['s'], now)).toEqual({
        valid: false,
        reason: 'malformed',
      });
    }
  });

  it('parse.ok: ignores unknown schemes and spaces, so a future v2 does not break verifiers', () => {
    const header = signTollgateRequest(request, ['s'], now);
    const extended = `${header.replace(',', ' , ')},v2=whatever`;
    expect(verifyTollgateSignature(extended, request, ['s'], now).valid).toBe(true);
  });

  it('sign.invalid: needs at least one secret', () => {
    expect(() => signTollgateRequest(request, [], now)).toThrow(TypeError);
  });
});
