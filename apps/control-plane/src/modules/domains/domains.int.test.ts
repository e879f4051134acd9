import { X509Certificate } from 'node:crypto';
import { configSnapshotSchema, tlsKeyContext } from '@tollgate/contracts';
import { SecretBox, secretBoxFromEnv } from '@tollgate/secrets';
import { selfSignedCertificate } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { TxtResolver } from './txt-resolver.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
/** The fake DNS: TXT records by name; a name not here answers ENODATA like a real resolver. */
const dns = new Map<string, string[][]>();

const base = () => `/v1/tenants/${tenantId}`;

beforeAll(async () => {
  t = await startTestApp({ GATEWAY_DOMAIN: 'gw.tollgate.test' });
  vi.spyOn(t.app.get(TxtResolver), 'resolveTxt').mockImplementation(async (name: string) => {
    const records = dns.get(name);
    if (records === undefined)
      throw Object.assign(new Error(`queryTxt ENODATA ${name}`), { code: 'ENODATA' });
    return records;
  });
  owner = t.client();
  ({ tenantId } = await owner.signup('domains'));
});
afterAll(async () => {
  await t?.close();
});

async function addDomain(client: TestClient, tenant: string, hostname: string) {
  const response = await client.post(`/v1/tenants/${tenant}/domains`, { hostname });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string; verification: { name: string; value: string } };
}

/** The latest published snapshot of the tenant, parsed. */
async function liveSnapshot() {
  const row = await t.db.prisma.configVersion.findFirstOrThrow({
    where: { tenantId },
    orderBy: { version: 'desc' },
  });
  return configSnapshotSchema.parse(row.snapshot);
}

describe('custom domains', () => {
  it('create-domain.ok: pending, with the TXT record to create', async () => {
    const response = await owner.post(`${base()}/domains`, { hostname: 'API.Acme.test.' });
    expect(response.statusCode).toBe(201);
    const domain = response.json().data;
    expect(domain).toMatchObject({
      hostname: 'api.acme.test',
      status: 'pending',
      verifiedAt: null,
      certificate: null,
      verification: { type: 'TXT', name: '_tollgate-challenge.api.acme.test' },
    });
    expect(domain.verification.value).toMatch(/^tollgate-verification=[A-Za-z0-9_-]{32}$/);
    const listed = await owner.get(`${base()}/domains`);
    expect(listed.json().data.map((d: { id: string }) => d.id)).toContain(domain.id);
    expect((await owner.get(`${base()}/domains/${domain.id}`)).json().data).toEqual(domain);
    const audit = await t.db.prisma.auditEvent.findFirst({
      where: { action: 'domain.created', targetId: domain.id },
    });
    expect(audit?.actorType).toBe('user');
  });

  it('create-domain.invalid: IP addresses and the platform domain are refused; so is a non-host', async () => {
    const codeOf = async (hostname: string) => {
      const response = await owner.post(`${base()}/domains`, { hostname });
      return `${response.statusCode} ${response.json().code}`;
    };
    expect(await codeOf('203.0.113.7')).toBe('422 domain_not_allowed');
    expect(await codeOf('2001:db8::1')).toBe('422 domain_not_allowed');
    expect(await codeOf('gw.tollgate.test')).toBe('422 domain_not_allowed');
    expect(await codeOf('other.gw.tollgate.test')).toBe('422 domain_not_allowed');
    expect(await codeOf('api.acme.test:8443')).toBe('422 validation_failed');
    expect(await codeOf('*.acme.test')).toBe('422 validation_failed');
    expect(await codeOf('localhost')).toBe('422 validation_failed');
  });

  it('create-domain.conflict: a host name taken by another tenant (or this one) is 409', async () => {
    const other = t.client();
    const { tenantId: otherTenant } = await other.signup('domains-other');
    await addDomain(other, otherTenant, 'shop.example.test');
    const taken = await owner.post(`${base()}/domains`, { hostname: 'SHOP.example.test' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('conflict');
  });

  it('verify-domain: no TXT record → 422, a wrong value → 422, the right value → verified and published', async () => {
    const domain = await addDomain(owner, tenantId, 'verify.acme.test');
    const verify = () => owner.post(`${base()}/domains/${domain.id}/verify`);

    const missing = await verify();
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'domain_verification_failed', reason: 'record_missing' });

    dns.set(domain.verification.name, [['tollgate-verification=', 'not-the-token'], ['v=spf1 -all']]);
    const wrong = await verify();
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'domain_verification_failed', reason: 'record_mismatch' });
    expect((await owner.get(`${base()}/domains/${domain.id}`)).json().data.status).toBe('pending');

    // Long TXT values arrive split into strings: they are joined.
    const value = domain.verification.value;
    dns.set(domain.verification.name, [['v=spf1 -all'], [value.slice(0, 10), value.slice(10)]]);
    const ok = await verify();
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toMatchObject({ status: 'verified', hostname: 'verify.acme.test' });
    expect(ok.json().data.verifiedAt).not.toBeNull();
    expect((await liveSnapshot()).policies.customDomains).toContain('verify.acme.test');
    expect(
      await t.db.prisma.auditEvent.count({ where: { action: 'domain.verified', targetId: domain.id } }),
    ).toBe(1);
  });

  it("domain.not_found: another tenant's domain is 404 for every domain route", async () => {
    const domain = await addDomain(owner, tenantId, 'isolated.acme.test');
    const stranger = t.client();
    const { tenantId: strangerTenant } = await stranger.signup('domains-stranger');
    const { certPem, keyPem } = selfSignedCertificate(['isolated.acme.test']);
    for (const tenant of [tenantId, strangerTenant]) {
      const url = `/v1/tenants/${tenant}/domains/${domain.id}`;
      const answers = [
        await stranger.get(url),
        await stranger.post(`${url}/verify`),
        await stranger.call('PUT', `${url}/certificate`, { certificatePem: certPem, privateKeyPem: keyPem }),
        await stranger.call('DELETE', url),
      ];
      expect(answers.map((a) => `${a.statusCode} ${a.json().code}`)).toEqual(Array(4).fill('404 not_found'));
    }
    expect((await owner.get(`${base()}/domains/${domain.id}`)).statusCode).toBe(200);
  });

  it('upload-certificate: refused until verified, then checked, sealed, published; the key is never returned', async () => {
    const hostname = 'secure.acme.test';
    const domain = await addDomain(owner, tenantId, hostname);
    const pair = selfSignedCertificate([hostname]);
    const upload = (certificatePem: string, privateKeyPem: string) =>
      owner.call('PUT', `${base()}/domains/${domain.id}/certificate`, { certificatePem, privateKeyPem });

    const early = await upload(pair.certPem, pair.keyPem);
    expect(`${early.statusCode} ${early.json().code}`).toBe('422 domain_not_verified');

    dns.set(domain.verification.name, [[domain.verification.value]]);
    expect((await owner.post(`${base()}/domains/${domain.id}/verify`)).statusCode).toBe(200);

    const otherKey = selfSignedCertificate([hostname]).keyPem;
    const wrongHost = selfSignedCertificate(['elsewhere.acme.test']);
    const expired = selfSignedCertificate([hostname], { expired: true });
    const refusals = [
      await upload(pair.certPem, otherKey),
      await upload(wrongHost.certPem, wrongHost.keyPem),
      await upload(expired.certPem, expired.keyPem),
    ];
    expect(refusals.map((r) => `${r.statusCode} ${r.json().code}`)).toEqual([
      '422 certificate_key_mismatch',
      '422 certificate_hostname_mismatch',
      '422 certificate_expired',
    ]);

    const uploaded = await upload(pair.certPem, pair.keyPem);
    expect(uploaded.statusCode).toBe(200);
    const fingerprint = new X509Certificate(pair.certPem).fingerprint256;
    expect(uploaded.json().data.certificate).toMatchObject({
      subject: `CN=${hostname}`,
      subjectAltNames: [hostname],
      fingerprintSha256: fingerprint,
    });
    expect(uploaded.body).not.toContain('PRIVATE KEY');

    // Sealed in the row and in the snapshot, under the tenant+domain context, with the app's master key.
    const row = await t.db.prisma.customDomain.findUniqueOrThrow({ where: { id: domain.id } });
    expect(JSON.stringify(row)).not.toContain('PRIVATE KEY');
    const certificate = (await liveSnapshot()).policies.certificates.find((c) => c.domain === hostname);
    expect(certificate?.keyPem.kid).toBe('mk-test');
    const box = secretBoxFromEnv(t.env);
    const opened = box.openString(certificate!.keyPem, tlsKeyContext(tenantId, hostname));
    expect(opened).toContain('-----BEGIN PRIVATE KEY-----');
    expect(() => box.open(certificate!.keyPem, tlsKeyContext('tnt_other', hostname))).toThrow();

    // Replacing is uploading another one; the audit event holds metadata only.
    const next = selfSignedCertificate([hostname]);
    const replaced = await upload(next.certPem, next.keyPem);
    expect(replaced.json().data.certificate.fingerprintSha256).toBe(
      new X509Certificate(next.certPem).fingerprint256,
    );
    const audits = await t.db.prisma.auditEvent.findMany({
      where: { action: 'domain.certificate_uploaded', targetId: domain.id },
    });
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain('PRIVATE KEY');
    expect(box).toBeInstanceOf(SecretBox);
  });

  it('delete-domain.ok: a deleted verified domain leaves the next snapshot', async () => {
    const domain = await addDomain(owner, tenantId, 'gone.acme.test');
    dns.set(domain.verification.name, [[domain.verification.value]]);
    await owner.post(`${base()}/domains/${domain.id}/verify`);
    expect((await liveSnapshot()).policies.customDomains).toContain('gone.acme.test');
    const deleted = await owner.call('DELETE', `${base()}/domains/${domain.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await liveSnapshot()).policies.customDomains).not.toContain('gone.acme.test');
    expect((await owner.get(`${base()}/domains/${domain.id}`)).statusCode).toBe(404);
  });
});
