import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from './webhook-event.js';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

const body = '{"id":"evt_1","type":"usage.threshold_crossed","data":{"threshold":80}}';
const now = 1_800_000_000;

describe('webhook signature', () => {
  it('sign.ok: t and a hex HMAC-SHA256 of "t.body", exactly as docs/webhooks.md says', () => {
    const header = signWebhook(body, ['whsec_a'], now);
    const v1 = createHmac('sha256', 'whsec_a').update(`${now}.${body}`).digest('hex');
    expect(header).toBe(`t=${now},v1=${v1}`);
  });

  it('verify.ok: accepts its own header within the tolerance, either side of the clock', () => {
    const header = signWebhook(body, ['whsec_a'], now);
    expect(verifyWebhook(header, body, ['whsec_a'], now)).toEqual({ valid: true, t: now });
    expect(verifyWebhook(header, body, ['whsec_a'], now + 300).valid).toBe(true);
    expect(verifyWebhook(header, body, ['whsec_a'], now - 300).valid).toBe(true);
  });

  it('verify.tampered: another body, another secret or an edited v1 is a mismatch', () => {
    const header = signWebhook(body, ['whsec_a'], now);
    expect(verifyWebhook(header, body.replace('80', '81'), ['whsec_a'], now)).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(verifyWebhook(header, body, ['whsec_b'], now).valid).toBe(false);
    const edited = header.replace(/v1=(.)/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`);
    expect(verifyWebhook(edited, body, ['whsec_a'], now)).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('verify.expired: a header older (or newer) than 5 minutes is stale, even with the right secret', () => {
    const header = signWebhook(body, ['whsec_a'], now);
    expect(verifyWebhook(header, body, ['whsec_a'], now + 301)).toEqual({ valid: false, reason: 'stale' });
    expect(verifyWebhook(header, body, ['whsec_a'], now - 301)).toEqual({ valid: false, reason: 'stale' });
  });

  it('verify.malformed: no header, no t or no v1 is refused', () => {
    expect(verifyWebhook(undefined, body, ['whsec_a'], now)).toEqual({ valid: false, reason: 'malformed' });
    expect(verifyWebhook(`t=${now}`, body, ['whsec_a'], now).valid).toBe(false);
    expect(verifyWebhook('v1=abc', body, ['whsec_a'], now).valid).toBe(false);
  });

  it('rotation.ok: two secrets give two v1 values; a receiver with either secret accepts', () => {
    const header = signWebhook(body, ['whsec_new', 'whsec_old'], now);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhook(header, body, ['whsec_old'], now).valid).toBe(true);
    expect(verifyWebhook(header, body, ['whsec_new'], now).valid).toBe(true);
    expect(verifyWebhook(header, body, ['whsec_other'], now).valid).toBe(false);
  });

  it('secret.ok: whsec_ and 43 base64url characters, different each time', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
