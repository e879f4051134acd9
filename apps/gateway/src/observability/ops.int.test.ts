import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { type KeyRecord, newId, redisKeys, tlsKeyContext } from '@tollgate/contracts';
import { generateKey, hashKey } from '@tollgate/keys';
import { SecretBox } from '@tollgate/secrets';
import {
  createTenant,
  createTestDatabase,
  createTestRedisPrefix,
  type EchoUpstream,
  startEchoUpstream,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { createGatewayApp, type GatewayApp } from '../gateway-app.js';
import { echoSnapshot, seedSnapshot } from '../test-support/seeding.js';
import { HttpsListener } from '../tls/https-listener.js';
import { AdminServer } from './admin-server.js';

const pepper = 'ops-test-pepper-0123456789abcdef0123456789';
const masterKey = randomBytes(32);

/** The admin port (/metrics, /healthz, /readyz) and HTTPS with an SNI certificate from the snapshot. */
describe('gateway operations: admin port and TLS', () => {
  let db: TestDatabase;
  let redisPrefix: TestRedisPrefix;
  let echo: EchoUpstream;
  let gateway: GatewayApp;
  let scratch: string;
  let baseUrl: string;
  let adminUrl: string;
  let tlsPort: number;
  let slug: string;
  let domain: string;
  let certPem: string;
  const key = generateKey('live').key;

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPrefix = createTestRedisPrefix();
    echo = await startEchoUpstream();
    scratch = await mkdtemp(join(tmpdir(), 'tollgate-ops-'));
    const tenant = await createTenant(db.prisma);
    slug = tenant.slug;
    domain = `${slug}.gw.localhost`;
    // A self-signed certificate for the demo domain, as a provider would upload for a custom domain.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${domain}`,
        '-addext',
        `subjectAltName=DNS:${domain}`,
        '-keyout',
        join(scratch, 'key.pem'),
        '-out',
        join(scratch, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certPem = await readFile(join(scratch, 'cert.pem'), 'utf8');
    const keyPem = await readFile(join(scratch, 'key.pem'));
    const box = new SecretBox({ kid: 'mk-test', key: masterKey });
    await seedSnapshot(
      db.prisma,
      echoSnapshot(tenant, echo.url, {
        policies: {
          certificates: [{ domain, certPem, keyPem: box.seal(keyPem, tlsKeyContext(tenant.id, domain)) }],
        },
      }),
    );
    const record: KeyRecord = {
      keyId: newId('key'),
      tenantId: tenant.id,
      consumerId: 'con_1',
      subscriptionId: 'sub_1',
      planId: 'pln_1',
      planVersion: 1,
      environment: 'live',
      status: 'active',
      prefix: key.slice(0, 14),
      scopes: [],
      expiresAt: null,
      graceEndsAt: null,
    };
    const redis = new Redis(redisPrefix.redisUrl);
    await redis.set(redisKeys.keyIndex(redisPrefix.prefix, hashKey(key, pepper)), JSON.stringify(record));
    redis.disconnect();
    gateway = await createGatewayApp(
      loadEnv({
        DATABASE_URL: db.url,
        REDIS_URL: redisPrefix.redisUrl,
        REDIS_PREFIX: redisPrefix.prefix,
        KEY_PEPPER: pepper,
        GATEWAY_ID: 'gw-ops-test',
        SNAPSHOT_DIR: join(scratch, 'snapshots'),
        GATEWAY_SPOOL_DIR: join(scratch, 'spool'),
        MASTER_KEY: masterKey.toString('base64'),
        MASTER_KEY_ID: 'mk-test',
        LOG_LEVEL: 'warn',
      }),
      { databaseTimeoutMs: 2_000 },
    );
    await gateway.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
    adminUrl = `http://127.0.0.1:${await gateway.app.get(AdminServer).listen(0, '127.0.0.1')}`;
    tlsPort = await gateway.app.get(HttpsListener).listen(0, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await gateway?.app.close();
    await echo?.close();
    await redisPrefix?.cleanup();
    await db?.drop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
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
    expect((await fetch(`${baseUrl}/_tollgate/healthz`)).status).toBe(200);
    // Tenant traffic never reaches the admin routes, and the main port does not serve them.
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);
  });

  it('exposes Prometheus metrics by tenant, route and status, and per-stage durations', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${baseUrl}/t/${slug}/echo/m`, { headers: { 'x-api-key': key } });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }
    const denied = await fetch(`${baseUrl}/t/${slug}/echo/m`, { headers: { 'x-api-key': 'nope' } });
    await denied.arrayBuffer();
    const response = await fetch(`${adminUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const tenantId = (await db.prisma.tenant.findFirstOrThrow({ where: { slug } })).id;
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
