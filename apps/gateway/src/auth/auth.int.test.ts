import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ConfigSnapshotInput,
  type ConsumerRecord,
  oauth2SecretContext,
  redisKeys,
} from '@tollgate/contracts';
import { generateKey } from '@tollgate/keys';
import { SecretBox } from '@tollgate/secrets';
import {
  createTenant,
  createTestDatabase,
  type EchoUpstream,
  type OwnRedis,
  startEchoUpstream,
  startOwnRedis,
  type TestDatabase,
} from '@tollgate/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/free-port.js';
import { startTestGateway, type TestGateway } from '../test-support/test-gateway.js';

/**
 * authenticate end to end: a gateway on real Postgres and its own private redis-server
 * (so `INFO commandstats` counts only this gateway's Redis reads), a local JWKS server,
 * a local RFC 7662 introspection server and the echo upstream.
 */

const masterKey = randomBytes(32);
const issuer = 'https://idp.auth-int.test/';
const audience = 'https://api.auth-int.test';
const floodLimit = 10;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('authenticate on a real gateway', () => {
  let db: TestDatabase;
  let ownRedis: OwnRedis;
  let echo: EchoUpstream;
  let jwksServer: Server;
  let introspectionServer: Server;
  let introspectionCalls = 0;
  let gw: TestGateway<'live'>;
  let baseUrl: string;
  let slug: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let liveKey: string;

  async function getCalls(): Promise<number> {
    const stats = await gw.redis.info('commandstats');
    const match = /cmdstat_get:calls=(\d+)/.exec(stats);
    return match === null ? 0 : Number(match[1]);
  }

  function call(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${baseUrl}/t/${slug}${path}`, { headers });
  }

  /** A GET sent from a chosen loopback source address (the gateway sees it as the client IP). */
  function getFrom(
    localAddress: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string; retryAfter: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = request(`${baseUrl}${path}`, { headers, localAddress, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            retryAfter: res.headers['retry-after'] as string | undefined,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function codeOf(response: Response): Promise<string> {
    return ((await response.json()) as { code: string }).code;
  }

  function sign(
    claims: { sub?: string; iss?: string; aud?: string; exp?: number | string } = {},
  ): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? audience)
      .setSubject(claims.sub ?? 'ext-42')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m')
      .sign(rsa.privateKey);
  }

  beforeAll(async () => {
    // A private redis-server: its command counters are ours alone.
    ownRedis = await startOwnRedis(await freePort());

    rsa = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }] };
    jwksServer = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    const jwksUrl = `${await listen(jwksServer)}/jwks.json`;

    introspectionServer = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        introspectionCalls++;
        const ok =
          req.headers.authorization === `Basic ${Buffer.from('gw:client-secret').toString('base64')}`;
        const token = new URLSearchParams(body).get('token');
        const answer =
          ok && token === 'opaque-good'
            ? { active: true, sub: 'ext-42', exp: Math.floor(Date.now() / 1000) + 3600 }
            : { active: false };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    const introspectionUrl = `${await listen(introspectionServer)}/introspect`;

    db = await createTestDatabase();
    echo = await startEchoUpstream();
    const tenant = await createTenant(db.prisma);
    const tenantId = tenant.id;
    slug = tenant.slug;

    const box = new SecretBox({ kid: 'mk1', key: masterKey });
    const api = (id: string, basePath: string, mode: 'key' | 'jwt' | 'oauth2' | 'anonymous') => ({
      id,
      name: id,
      basePath,
      upstream: { url: echo.url },
      sandboxUpstream: null,
      routes: [{ id: `rte_${id}`, method: 'ANY' as const, pathTemplate: '/*' }],
      policies: { auth: { mode } },
    });
    const snapshot: ConfigSnapshotInput = {
      tenantId,
      tenantSlug: slug,
      version: 1,
      createdAt: new Date().toISOString(),
      apis: [
        api('api_key', '/keyed', 'key'),
        api('api_jwt', '/jwt', 'jwt'),
        api('api_oauth', '/oauth', 'oauth2'),
        api('api_open', '/open', 'anonymous'),
      ],
      plans: [
        {
          id: 'pln_test',
          version: 1,
          name: 'Test',
          apiIds: ['api_key', 'api_jwt', 'api_oauth', 'api_open'],
          rateLimit: null,
          monthlyQuota: null,
        },
      ],
      policies: {
        allowPrivateUpstreams: true,
        auth: {
          jwt: { jwksUrl, issuer, audiences: [audience] },
          oauth2: {
            introspectionUrl,
            clientId: 'gw',
            clientSecret: box.seal('client-secret', oauth2SecretContext(tenantId)),
          },
        },
      } as ConfigSnapshotInput['policies'],
    };
    gw = await startTestGateway({
      db,
      redisPrefix: { redisUrl: ownRedis.url, prefix: 'tg-auth-int:' },
      snapshot,
      keys: { live: { consumerId: 'con_key', subscriptionId: 'sub_key' } },
      env: { MASTER_KEY: masterKey.toString('base64'), GATEWAY_ALLOW_PRIVATE_UPSTREAMS: slug },
      tuning: {
        // Metering stays quiet during the test, so the Redis command counts are authenticate's alone.
        usage: { flushIntervalMs: 600_000 },
        auth: { invalidAttempts: { limit: floodLimit, windowMs: 60_000 } },
      },
    });
    baseUrl = gw.url;
    liveKey = gw.keys.live.key;
    const consumer: ConsumerRecord = {
      consumerId: 'con_ext',
      tenantId,
      externalId: 'ext-42',
      subscriptions: [{ subscriptionId: 'sub_ext', planId: 'pln_test', planVersion: 1, status: 'active' }],
    };
    await gw.redis.set(redisKeys.consumerIndex(gw.prefix, tenantId, 'ext-42'), JSON.stringify(consumer));
  });

  afterAll(async () => {
    await gw?.close();
    await echo?.close();
    if (jwksServer) await new Promise((resolve) => jwksServer.close(resolve));
    if (introspectionServer) await new Promise((resolve) => introspectionServer.close(resolve));
    await ownRedis?.dispose();
    await db?.drop();
  });

  it('admits a valid JWT and the upstream gets the call for the token consumer (token not forwarded)', async () => {
    echo.reset();
    const response = await call('/jwt/hello', { authorization: `Bearer ${await sign()}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { headers: Record<string, string> };
    expect(body.headers.authorization).toBeUndefined();
    // When the transform stage is in, the consumer identity travels as Tollgate-Consumer.
    if (body.headers['tollgate-consumer'] !== undefined)
      expect(body.headers['tollgate-consumer']).toBe('con_ext');
    expect(echo.stats.requests).toBe(1);
  });

  it.each([
    [
      'alg none',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: issuer, aud: audience, sub: 'ext-42', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url')}.`,
      'invalid_token',
    ],
    ['a wrong issuer', () => sign({ iss: 'https://evil.test/' }), 'invalid_token'],
    ['a wrong audience', () => sign({ aud: 'https://elsewhere.test' }), 'invalid_token'],
    ['an expired token', () => sign({ exp: Math.floor(Date.now() / 1000) - 600 }), 'token_expired'],
    ['an unknown subject', () => sign({ sub: 'nobody' }), 'unknown_consumer'],
  ] as [string, () => Promise<string>, string][])(
    'answers a JWT with %s with 401 %s',
    async (_name, make, code) => {
      echo.reset();
      const response = await call('/jwt/x', { authorization: `Bearer ${await make()}` });
      expect(response.status).toBe(401);
      expect(await codeOf(response)).toBe(code);
      expect(echo.stats.requests).toBe(0);
    },
  );

  it('admits an active opaque token by introspection and caches the answer', async () => {
    const before = introspectionCalls;
    for (let i = 0; i < 3; i++) {
      const response = await call('/oauth/x', { authorization: 'Bearer opaque-good' });
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
    expect(introspectionCalls - before).toBe(1);
  });

  it('refuses an inactive opaque token with 401 invalid_token, and caches that too', async () => {
    const before = introspectionCalls;
    for (let i = 0; i < 2; i++) {
      const response = await call('/oauth/x', { authorization: 'Bearer opaque-revoked' });
      expect(response.status).toBe(401);
      expect(await codeOf(response)).toBe('invalid_token');
    }
    expect(introspectionCalls - before).toBe(1);
  });

  it('refuses two different credentials in one request with 400 conflicting_credentials', async () => {
    const response = await call('/keyed/x', {
      'x-api-key': liveKey,
      authorization: `Bearer ${generateKey('live').key}`,
    });
    expect(response.status).toBe(400);
    expect(await codeOf(response)).toBe('conflicting_credentials');
  });

  it('serves an anonymous API without a credential', async () => {
    const response = await call('/open/x');
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('answers a flood of made-up keys from one address with 429 too_many_invalid_keys after N, at one Redis read each until then and none after', async () => {
    // The flood comes from its own address (127.0.0.2), so earlier tests' failures do not count.
    const before = await getCalls();
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await getFrom('127.0.0.2', `/t/${slug}/keyed/x`, {
        'x-api-key': generateKey('live').key,
      });
      codes.push((JSON.parse(response.body) as { code: string }).code);
      if (i === floodLimit) {
        expect(response.status).toBe(429);
        expect(Number(response.retryAfter)).toBeGreaterThan(0);
      }
    }
    const reads = (await getCalls()) - before;
    console.log(`flood of 50 made-up keys: ${reads} Redis GETs, codes ${[...new Set(codes)].join(',')}`);
    expect(codes.slice(0, floodLimit)).toEqual(Array(floodLimit).fill('invalid_key'));
    expect(codes.slice(floodLimit)).toEqual(Array(50 - floodLimit).fill('too_many_invalid_keys'));
    expect(reads).toBe(floodLimit);

    // Everyone else is unaffected.
    const response = await call('/keyed/x', { 'x-api-key': liveKey });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});
