import { randomBytes } from 'node:crypto';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tlsKeyContext } from '@tollgate/contracts';
import { SecretBox } from '@tollgate/secrets';
import { type EchoUpstream, selfSignedCertificate, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoSnapshot } from '../test-support/seeding.js';
import { startTestGateway, type TestGateway } from '../test-support/test-gateway.js';
import { createTestStack, type TestStack } from '../test-support/test-stack.js';
import { HttpsListener } from '../tls/https-listener.js';
import { AdminServer } from './admin-server.js';

const masterKey = randomBytes(32);

/** The admin port (/metrics, /healthz, /readyz) and HTTPS with an SNI certificate from the snapshot. */
describe('gateway operations: admin port and TLS', () => {
  let stack: TestStack;
  let echo: EchoUpstream;
  let gw: TestGateway<'live'>;
  let adminUrl: string;
  let tlsPort: number;
  let slug: string;
  let domain: string;
  let certPem: string;
  let key: string;

  beforeAll(async () => {
    stack = await createTestStack();
    echo = await startEchoUpstream();
    const { tenant } = stack;
    slug = tenant.slug;
    domain = `${slug}.gw.localhost`;
    // A self-signed certificate for the demo domain, as a provider would upload for a custom domain.
    const pair = selfSignedCertificate([domain]);
    certPem = pair.certPem;
    const box = new SecretBox({ kid: 'mk-test', key: masterKey });
    gw = await startTestGateway({
      db: stack.db,
      redisPrefix: stack.redisPrefix,
      snapshot: echoSnapshot(tenant, echo.url, {
        policies: {
          certificates: [
            { domain, certPem, keyPem: box.seal(pair.keyPem, tlsKeyContext(tenant.id, domain)) },
          ],
        },
      }),
      keys: { live: {} },
      env: { MASTER_KEY: masterKey.toString('base64'), MASTER_KEY_ID: 'mk-test' },
    });
    key = gw.keys.live.key;
    adminUrl = `http://127.0.0.1:${await gw.app.get(AdminServer).listen(0, '127.0.0.1')}`;
    tlsPort = await gw.app.get(HttpsListener).listen(0, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
    await echo?.close();
    await stack?.close();
  });

  it('serves HTTPS with the certificate of the SNI name and answers through the pipeline', async () => {
    const { status, subject, body } = await new Promise<{ status: number; subject: string; body: string }>(
      (resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port: tlsPort,
          path: '/echo/over-tls',
          servername: domain,
          ca: certPem,
          headers: {
            host: domain,
            'x-api-key': key,
            traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          },
        });
        req.on('response', (res) => {
          const cert = (res.socket as TLSSocket).getPeerCertificate();
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, subject: String(cert.subject.CN), body: text }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );
    expect(subject).toBe(domain);
    expect(status).toBe(200);
    const echoed = JSON.parse(body) as { path: string; headers: Record<string, string> };
    expect(echoed.path).toBe('/over-tls');
    expect(echoed.headers['x-forwarded-proto']).toBe('https');
    // The caller's trace continues upstream with the gateway's own span id.
    expect(echoed.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(echoed.headers.traceparent).not.toContain('00f067aa0ba902b7');
  });

  it('refuses the handshake for a name without a certificate', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: tlsPort,
        path: '/',
        servername: 'other.example.com',
        ca: certPem,
      });
      req.on('response', () => resolve('answered'));
      req.on('error', () => resolve('refused'));
      req.end();
    });
    expect(outcome).toBe('refused');
  });

  it('answers /healthz and /readyz on the admin port, and keeps /_tollgate/healthz on the main port', async () => {
    expect((await fetch(`${adminUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${adminUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, snapshotsLoaded: true, redis: 'ready' });
    expect((await fetch(`${gw.url}/_tollgate/healthz`)).status).toBe(200);
    // Tenant traffic never reaches the admin routes, and the main port does not serve them.
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(404);
  });

  it('exposes Prometheus metrics by tenant, route and status, and per-stage durations', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${gw.url}/t/${slug}/echo/m`, { headers: { 'x-api-key': key } });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }
    const denied = await fetch(`${gw.url}/t/${slug}/echo/m`, { headers: { 'x-api-key': 'nope' } });
    await denied.arrayBuffer();
    const response = await fetch(`${adminUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const tenantId = stack.tenant.id;
    const ok = text.match(
      new RegExp(
        `^tollgate_requests_total\\{tenant="${tenantId}",route="rte_all",status="200"\\} (\\d+)$`,
        'm',
      ),
    );
    expect(Number(ok?.[1])).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(
      new RegExp(`tollgate_requests_total\\{tenant="${tenantId}",route="rte_all",status="401"\\} 1`),
    );
    expect(text).toMatch(
      /tollgate_request_duration_ms_bucket\{tenant="[^"]+",route="rte_all",status="200",le="\+Inf"\} \d+/,
    );
    expect(text).toMatch(/tollgate_stage_duration_ms_bucket\{stage="authenticate",le="\+Inf"\} \d+/);
    expect(text).toMatch(/tollgate_stage_duration_ms_count\{stage="proxy"\} \d+/);
    expect(text).toMatch(/^tollgate_redis_up 1$/m);
  });
});
