import { X509Certificate } from 'node:crypto';
import { selfSignedCertificate } from '@tollgate/testing';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from './certificate.js';

const now = new Date();
const acme = selfSignedCertificate(['api.acme.test', 'www.acme.test']);
const other = selfSignedCertificate(['api.acme.test']);
const wildcard = selfSignedCertificate(['*.acme.test']);
const expired = selfSignedCertificate(['api.acme.test'], { expired: true });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('checkCertificate', () => {
  it('certificate.ok: returns the metadata, a PKCS#8 key and the leaf fingerprint', () => {
    const checked = checkCertificate(
      { certificatePem: acme.certPem, privateKeyPem: acme.keyPem },
      'www.acme.test',
      now,
    );
    expect(checked.subjectAltNames).toEqual(['api.acme.test', 'www.acme.test']);
    expect(checked.subject).toBe('CN=api.acme.test');
    expect(checked.fingerprintSha256).toBe(new X509Certificate(acme.certPem).fingerprint256);
    expect(checked.keyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(checked.notAfter.getTime()).toBeGreaterThan(now.getTime());
  });

  it('certificate.ok: a wildcard covers one label', () => {
    const input = { certificatePem: wildcard.certPem, privateKeyPem: wildcard.keyPem };
    expect(codeOf(() => checkCertificate(input, 'api.acme.test', now))).toBe('ok');
    expect(codeOf(() => checkCertificate(input, 'a.b.acme.test', now))).toBe('certificate_hostname_mismatch');
  });

  it('certificate.invalid: each refusal has its code', () => {
    const check = (certificatePem: string, privateKeyPem: string, host = 'api.acme.test', at = now) =>
      codeOf(() => checkCertificate({ certificatePem, privateKeyPem }, host, at));
    expect(check(acme.certPem, other.keyPem)).toBe('certificate_key_mismatch');
    expect(check(acme.certPem, acme.keyPem, 'shop.acme.test')).toBe('certificate_hostname_mismatch');
    expect(check(expired.certPem, expired.keyPem)).toBe('certificate_expired');
    expect(check(acme.certPem, acme.keyPem, 'api.acme.test', new Date(now.getTime() + 60 * 86_400_000))).toBe(
      'certificate_expired',
    );
    expect(check('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', acme.keyPem)).toBe(
      'certificate_invalid',
    );
    expect(check(acme.certPem, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toBe(
      'certificate_invalid',
    );
    // Two unrelated self-signed certificates are not a chain.
    expect(check(`${acme.certPem}${other.certPem}`, acme.keyPem)).toBe('certificate_invalid');
  });
});
