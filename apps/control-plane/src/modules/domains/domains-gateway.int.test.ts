import { randomBytes, X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { SecretBox } from '@tollgate/secrets';
import { type EchoUpstream, selfSignedCertificate, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, type GatewayProcess, startGateway } from '../../../test/gateway-process.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import { ResealRegistry } from '../secrets/reseal-registry.js';
import { resealSecrets } from '../secrets/reseal-secrets.js';
import { TxtResolver } from './txt-resolver.js';

/**
 * The proof: a domain verified through the (fake) DNS and its uploaded certificate are
 * served by a real gateway process over HTTPS, chosen by SNI, and requests through it reach
 * the tenant's API by the Host header. Replacing the certificate and rotating the master key
 * need no gateway restart (the first) or only the new key (the second).
 */

const hostname = 'api.acme.test';
let t: TestApp;
let upstream: EchoUpstream;
const gateways: GatewayProcess[] = [];
let owner: TestClient;
let tenantId: string;
let domainId: string;
let apiKey: string;
let tlsPort: number;
const dns = new Map<string, string[][]>();
const base = () => `/v1/tenants/${tenantId}`;

async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The fingerprint of the certificate a TLS server on `port` presents for `servername`. */
function presentedFingerprint(port: number, servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

/** A call over HTTPS to the custom domain, trusting only the uploaded (self-signed) certificate. */
function callDomain(port: number, caPem: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: hostname,
        path,
        ca: caPem,
        headers: { host: hostname, 'x-api-key': apiKey },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

/** A real gateway process on the test's database and Redis, with HTTPS on a port of its own; returns that port. */
async function startTlsGateway(
  id: string,
  keys: { MASTER_KEY: string; MASTER_KEY_ID: string },
): Promise<number> {
  const port = await freePort();
  gateways.push(
    await startGateway({
      DATABASE_URL: t.db.url,
      REDIS_URL: t.env.REDIS_URL,
      REDIS_PREFIX: t.env.REDIS_PREFIX,
      KEY_PEPPER: t.env.KEY_PEPPER,
      GATEWAY_ID: id,
      GATEWAY_TLS_PORT: String(port),
      ...keys,
    }),
  );
  return port;
}

async function upload(pair: { certPem: string; keyPem: string }) {
  const response = await owner.call('PUT', `${base()}/domains/${domainId}/certificate`, {
    certificatePem: pair.certPem,
    privateKeyPem: pair.keyPem,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.certificate.fingerprintSha256 as string;
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  t = await startTestApp();
  vi.spyOn(t.app.get(TxtResolver), 'resolveTxt').mockImplementation(async (name: string) => {
    const records = dns.get(name);
    if (records === undefined)
      throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return records;
  });
  owner = t.client();
  ({ tenantId } = await owner.signup('sni'));
  const api = await owner.post(`${base()}/apis`, {
    name: 'Echo',
    basePath: '/echo',
    upstreamUrl: upstream.url,
  });
  const plan = await owner.post(`${base()}/plans`, { name: 'Free', apiIds: [api.json().data.id] });
  const consumer = await owner.post(`${base()}/consumers`, { name: 'Ada', email: 'ada@example.test' });
  const subscription = await owner.post(`${base()}/consumers/${consumer.json().data.id}/subscriptions`, {
    planId: plan.json().data.id,
  });
  const key = await owner.post(`${base()}/keys`, {
    subscriptionId: subscription.json().data.id,
    name: 'sni',
  });
  apiKey = key.json().key;

  const domain = (await owner.post(`${base()}/domains`, { hostname })).json().data;
  domainId = domain.id;
  dns.set(domain.verification.name, [[domain.verification.value]]);
  expect((await owner.post(`${base()}/domains/${domainId}/verify`)).json().data.status).toBe('verified');

  tlsPort = await startTlsGateway('sni-gw', {
    MASTER_KEY: t.env.MASTER_KEY,
    MASTER_KEY_ID: t.env.MASTER_KEY_ID,
  });
}, 60_000);
afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await t?.close();
  await upstream?.close();
});

describe('custom domain over HTTPS (real gateway process)', () => {
  it('sni.ok: the gateway presents the uploaded certificate for the domain and proxies to the tenant API', async () => {
    const pair = selfSignedCertificate([hostname]);
    const fingerprint = await upload(pair);
    expect(fingerprint).toBe(new X509Certificate(pair.certPem).fingerprint256);

    await eventually(async () => expect(await presentedFingerprint(tlsPort, hostname)).toBe(fingerprint));
    const answer = await callDomain(tlsPort, pair.certPem, '/echo/hello');
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ method: 'GET', path: '/hello' });
    // A name with no certificate fails the handshake rather than getting another tenant's.
    await expect(presentedFingerprint(tlsPort, 'unknown.acme.test')).rejects.toThrow();
  });

  it('sni.replaced: a new upload is served by the running gateway with the next snapshot', async () => {
    const next = selfSignedCertificate([hostname]);
    const fingerprint = await upload(next);
    await eventually(async () => expect(await presentedFingerprint(tlsPort, hostname)).toBe(fingerprint));
    expect((await callDomain(tlsPort, next.certPem, '/echo/again')).status).toBe(200);
  });

  it('rotation.ok: after secrets:reseal, a gateway holding only the new master key serves the certificate', async () => {
    const current = await owner.get(`${base()}/domains/${domainId}`);
    const fingerprint = current.json().data.certificate.fingerprintSha256 as string;
    const newKey = randomBytes(32);
    const oldKey = { kid: t.env.MASTER_KEY_ID, key: Buffer.from(t.env.MASTER_KEY, 'base64') };
    // The control plane restarted with MASTER_KEY=new and PREVIOUS_MASTER_KEYS=old, then `secrets:reseal`.
    const rotated = new SecretBox({ kid: 'mk-next', key: newKey }, [oldKey]);
    const report = await resealSecrets(t.app.get(ResealRegistry), rotated, t.app.get(SnapshotPublisher));
    expect(report.kinds).toContainEqual({ kind: 'tls_private_key', checked: 1, resealed: 1 });
    expect(report.republished).toEqual([tenantId]);
    const row = await t.db.prisma.customDomain.findUniqueOrThrow({ where: { id: domainId } });
    expect((row.keySealed as { kid: string }).kid).toBe('mk-next');
    // Run again: nothing left under the old key.
    const again = await resealSecrets(t.app.get(ResealRegistry), rotated, t.app.get(SnapshotPublisher));
    expect(again.kinds).toContainEqual({ kind: 'tls_private_key', checked: 1, resealed: 0 });

    const newTlsPort = await startTlsGateway('sni-gw-new-key', {
      MASTER_KEY: newKey.toString('base64'),
      MASTER_KEY_ID: 'mk-next',
    });
    await eventually(async () => expect(await presentedFingerprint(newTlsPort, hostname)).toBe(fingerprint));
  });
});
