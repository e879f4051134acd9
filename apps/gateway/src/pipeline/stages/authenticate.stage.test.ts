import { createHmac } from 'node:crypto';
import type { ConfigSnapshotInput, ConsumerRecord } from '@tollgate/contracts';
import { generateKey, hashKey } from '@tollgate/keys';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthServices } from '../../auth/auth-services.js';
import { InvalidAttempts } from '../../auth/invalid-attempts.js';
import type { CachedKey } from '../../keys/key-cache.js';
import { cachedKey, compiledFixture, contextFor, fakeDeps, testPepper } from '../../test-support/fixtures.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { authenticate } from './authenticate.stage.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

const live = generateKey('live').key;
const other = generateKey('live').key;
const revoked = generateKey('live').key;
const unknown = generateKey('live').key;

function keyDeps(invalidAttempts = new InvalidAttempts({ limit: 5, windowMs: 60_000, maxClients: 100 })) {
  const keys = new Map<string, CachedKey>([
    [hashKey(live, testPepper), cachedKey()],
    [hashKey(other, testPepper), cachedKey({ keyId: 'key_2' })],
    [hashKey(revoked, testPepper), cachedKey({ status: 'revoked' })],
  ]);
  const deps = fakeDeps(undefined, keys);
  deps.auth = new AuthServices({ consumers: { lookup: () => null }, openSecret: null, invalidAttempts });
  return deps;
}

async function runWith(
  deps: PipelineDeps,
  headers: [string, string][],
  url = '/t/acme/echo',
  remoteAddress?: string,
) {
  const ctx = contextFor({ url, headers, ...(remoteAddress === undefined ? {} : { remoteAddress }) });
  expect(receive(ctx, deps) || resolve(ctx, deps)).toBe(false);
  const denied = await authenticate(ctx, deps);
  return { ctx, denied };
}

async function run(headers: [string, string][]) {
  const deps = keyDeps();
  const result = await runWith(deps, headers);
  return { ...result, deps };
}

describe('authenticate: API keys', () => {
  it('accepts a known key from X-Api-Key, strips that header, and names the key as the rate-limit subject', async () => {
    const { ctx, denied } = await run([
      ['X-Api-Key', live],
      ['Authorization', 'Bearer upstream-token'],
    ]);
    expect(denied).toBe(false);
    expect(ctx.key?.record.keyId).toBe('key_1');
    expect(ctx.rateLimitSubject).toBe('key:key_1');
    expect(ctx.authMode).toBe('key');
    expect(ctx.forwardHeaders).toEqual(['Authorization', 'Bearer upstream-token']);
  });

  it('accepts a known key from Authorization: Bearer (scheme in any case)', async () => {
    const { ctx, denied } = await run([['authorization', `bearer ${live}`]]);
    expect(denied).toBe(false);
    expect(ctx.forwardHeaders).toEqual([]);
  });

  it('accepts the same key sent in both headers, and forwards neither', async () => {
    const { ctx, denied } = await run([
      ['Authorization', `Bearer ${live}`],
      ['X-Api-Key', live],
      ['Accept', 'text/plain'],
    ]);
    expect(denied).toBe(false);
    expect(ctx.forwardHeaders).toEqual(['Accept', 'text/plain']);
  });

  it.each([
    [
      'a different key in X-Api-Key and Authorization',
      [
        ['X-Api-Key', live],
        ['Authorization', `Bearer ${other}`],
      ],
    ],
    [
      'a key and a malformed tg_ key',
      [
        ['X-Api-Key', live],
        ['Authorization', 'Bearer tg_live_nonsense'],
      ],
    ],
    [
      'two X-Api-Key headers with different keys',
      [
        ['X-Api-Key', other],
        ['X-Api-Key', live],
      ],
    ],
  ] as [string, [string, string][]][])(
    'refuses %s with 400 conflicting_credentials and no lookup',
    async (_name, headers) => {
      const { ctx, denied, deps } = await run(headers);
      expect(denied).toBe(true);
      expect(ctx.denyCode).toBe('conflicting_credentials');
      expect(ctx.denyStage).toBe('authenticate');
      expect(deps.lookups).toHaveLength(0);
    },
  );

  it.each([
    ['no credential', []],
    ['garbage', [['X-Api-Key', 'hello']]],
    ['a bad checksum', [['X-Api-Key', `${live.slice(0, -1)}${live.endsWith('A') ? 'B' : 'A'}`]]],
    ['a non-bearer scheme', [['Authorization', `Basic ${live}`]]],
    ['a huge header', [['X-Api-Key', 'x'.repeat(100_000)]]],
  ] as [string, [string, string][]][])(
    'denies %s with invalid_key and never looks it up',
    async (_name, headers) => {
      const { ctx, denied, deps } = await run(headers);
      expect(denied).toBe(true);
      expect(ctx.denyCode).toBe('invalid_key');
      expect(ctx.denyStage).toBe('authenticate');
      expect(deps.lookups).toHaveLength(0);
    },
  );

  it('denies a well-formed unknown key with invalid_key after one lookup by hash (never the key)', async () => {
    const { ctx, denied, deps } = await run([['X-Api-Key', unknown]]);
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('invalid_key');
    expect(deps.lookups).toEqual([hashKey(unknown, testPepper)]);
  });

  it('passes a revoked key on to authorize, which judges revocation', async () => {
    const { ctx, denied } = await run([['X-Api-Key', revoked]]);
    expect(denied).toBe(false);
    expect(ctx.key?.record.status).toBe('revoked');
  });

  it('answers key_lookup_unavailable (503), not a 500, when the key index cannot be reached', async () => {
    const deps = keyDeps();
    deps.keys.lookup = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const { ctx, denied } = await runWith(deps, [['X-Api-Key', unknown]]);
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('key_lookup_unavailable');
  });

  it('refuses an address with 429 too_many_invalid_keys after N invalid keys, with no further lookups, other addresses unaffected', async () => {
    const deps = keyDeps();
    for (let i = 0; i < 3; i++) {
      const { ctx } = await runWith(deps, [['X-Api-Key', 'garbage']], undefined, '203.0.113.9');
      expect(ctx.denyCode).toBe('invalid_key');
    }
    for (let i = 0; i < 2; i++) {
      const { ctx } = await runWith(deps, [['X-Api-Key', generateKey('live').key]], undefined, '203.0.113.9');
      expect(ctx.denyCode).toBe('invalid_key');
    }
    expect(deps.lookups).toHaveLength(2);
    for (const headers of [[['X-Api-Key', generateKey('live').key]], [['X-Api-Key', live]], []] as [
      string,
      string,
    ][][]) {
      const { ctx } = await runWith(deps, headers, undefined, '203.0.113.9');
      expect(ctx.denyCode).toBe('too_many_invalid_keys');
      expect(ctx.denyStage).toBe('authenticate');
    }
    expect(deps.lookups).toHaveLength(2);

    const elsewhere = await runWith(deps, [['X-Api-Key', live]], undefined, '198.51.100.7');
    expect(elsewhere.denied).toBe(false);
  });

  it('still lets a refused address use a key this process already holds as valid (no I/O)', async () => {
    const deps = keyDeps(new InvalidAttempts({ limit: 1, windowMs: 60_000, maxClients: 100 }));
    const good = cachedKey();
    deps.keys.peek = (hash) => (hash === hashKey(live, testPepper) ? good : undefined);
    await runWith(deps, [['X-Api-Key', unknown]], undefined, '203.0.113.10');
    const before = deps.lookups.length;
    const { ctx, denied } = await runWith(deps, [['X-Api-Key', live]], undefined, '203.0.113.10');
    expect(denied).toBe(false);
    expect(ctx.key).toBe(good);
    expect(deps.lookups).toHaveLength(before);
  });
});

describe('authenticate: auth modes', () => {
  const issuer = 'https://idp.example.test/';
  const audience = 'https://api.example.test';
  const jwksUrl = 'https://idp.example.test/.well-known/jwks.json';
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let rotated: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwks: { keys: JWK[] };

  const consumer: ConsumerRecord = {
    consumerId: 'con_ext',
    tenantId: 'tnt_acme',
    externalId: 'user-42',
    subscriptions: [
      { subscriptionId: 'sub_old', planId: 'pln_basic', planVersion: 1, status: 'canceled' },
      { subscriptionId: 'sub_ext', planId: 'pln_basic', planVersion: 1, status: 'active' },
    ],
  };
  const unsubscribed: ConsumerRecord = {
    ...consumer,
    consumerId: 'con_none',
    externalId: 'user-0',
    subscriptions: [],
  };

  function snapshot(): Partial<ConfigSnapshotInput> {
    const routes = (prefix: string) => [{ id: `${prefix}_all`, method: 'ANY' as const, pathTemplate: '/*' }];
    const api = (id: string, basePath: string, mode: 'jwt' | 'anonymous' | 'oauth2') => ({
      id,
      name: id,
      basePath,
      upstream: { url: 'http://127.0.0.1:4010' },
      sandboxUpstream: null,
      routes: routes(id),
      policies: { auth: { mode } },
    });
    return {
      apis: [
        {
          ...api('api_jwt', '/jwt', 'jwt'),
          routes: [
            { id: 'rte_jwt_all', method: 'ANY', pathTemplate: '/*' },
            {
              id: 'rte_jwt_public',
              method: 'GET',
              pathTemplate: '/public',
              policies: { auth: { mode: 'anonymous' } },
            },
          ],
        },
        api('api_open', '/open', 'anonymous'),
        api('api_oauth', '/oauth', 'oauth2'),
      ],
      plans: [
        {
          id: 'pln_basic',
          version: 1,
          name: 'Basic',
          apiIds: ['api_jwt'],
          rateLimit: null,
          monthlyQuota: null,
        },
      ],
      policies: { auth: { jwt: { jwksUrl, issuer, audiences: [audience], jwksCooldownSeconds: 30 } } },
    };
  }

  function tokenDeps() {
    const deps = fakeDeps([compiledFixture(snapshot())]);
    const lookups: string[] = [];
    deps.auth = new AuthServices({
      consumers: {
        lookup: (tenantId, externalId) => {
          lookups.push(`${tenantId}/${externalId}`);
          return [consumer, unsubscribed].find((c) => c.externalId === externalId) ?? null;
        },
      },
      openSecret: null,
      invalidAttempts: new InvalidAttempts({ limit: 100, windowMs: 60_000, maxClients: 100 }),
      fetchJwks: async () => {
        return structuredClone(jwks);
      },
    });
    return { deps, consumerLookups: lookups };
  }

  function sign(
    key: Parameters<SignJWT['sign']>[0],
    alg: 'RS256' | 'ES256',
    kid: string,
    claims: { iss?: string; aud?: string; sub?: string; exp?: number | string; nbf?: number } = {},
  ) {
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg, kid })
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? audience)
      .setSubject(claims.sub ?? 'user-42')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m');
    if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
    return jwt.sign(key);
  }

  function b64url(value: string | Buffer): string {
    return Buffer.from(value).toString('base64url');
  }

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    rotated = await generateKeyPair('RS256');
    jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    };
  });

  it('accepts a valid RS256 and ES256 JWT, maps its subject to the consumer, and limits per consumer', async () => {
    const { deps } = tokenDeps();
    for (const token of [
      await sign(rsa.privateKey, 'RS256', 'rsa-1'),
      await sign(ec.privateKey, 'ES256', 'ec-1'),
    ]) {
      const { ctx, denied } = await runWith(
        deps,
        [['Authorization', `Bearer ${token}`]],
        '/t/acme/jwt/things',
      );
      expect(ctx.denyCode).toBeNull();
      expect(denied).toBe(false);
      expect(ctx.authMode).toBe('jwt');
      expect(ctx.key?.record).toMatchObject({ keyId: '', consumerId: 'con_ext', subscriptionId: 'sub_ext' });
      expect(ctx.rateLimitSubject).toBe('consumer:con_ext');
      // The token is not forwarded upstream.
      expect(ctx.forwardHeaders.some((h) => h.toLowerCase() === 'authorization')).toBe(false);
    }
  });

  it('verifies a token once, then trusts it from memory while it is valid', async () => {
    const { deps } = tokenDeps();
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1');
    const tenantAuth = deps.auth.forSnapshot(deps.snapshots.all()[0]!.auth);
    await runWith(deps, [['Authorization', `Bearer ${token}`]], '/t/acme/jwt/a');
    expect(tenantAuth.jwt!.verify(token)).toEqual({ ok: true, subject: 'user-42' });
  });

  it.each([
    [
      'alg none',
      async () =>
        `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify({ iss: issuer, aud: audience, sub: 'user-42', exp: Math.floor(Date.now() / 1000) + 60 }))}.`,
      'invalid_token',
    ],
    [
      'HS256 signed with the public key',
      async () => {
        const header = b64url(JSON.stringify({ alg: 'HS256', kid: 'rsa-1', typ: 'JWT' }));
        const payload = b64url(
          JSON.stringify({
            iss: issuer,
            aud: audience,
            sub: 'user-42',
            exp: Math.floor(Date.now() / 1000) + 60,
          }),
        );
        const pem = await exportSPKI(rsa.publicKey);
        const signature = createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url');
        return `${header}.${payload}.${signature}`;
      },
      'invalid_token',
    ],
    [
      'a wrong issuer',
      () => sign(rsa.privateKey, 'RS256', 'rsa-1', { iss: 'https://evil.example/' }),
      'invalid_token',
    ],
    [
      'a wrong audience',
      () => sign(rsa.privateKey, 'RS256', 'rsa-1', { aud: 'https://other.example' }),
      'invalid_token',
    ],
    [
      'an expired token',
      () => sign(rsa.privateKey, 'RS256', 'rsa-1', { exp: Math.floor(Date.now() / 1000) - 120 }),
      'token_expired',
    ],
    [
      'a token not valid yet',
      () => sign(rsa.privateKey, 'RS256', 'rsa-1', { nbf: Math.floor(Date.now() / 1000) + 600 }),
      'invalid_token',
    ],
    ['a signature by another key', () => sign(rotated.privateKey, 'RS256', 'rsa-1'), 'invalid_token'],
    ['garbage', async () => 'not.a.jwt!', 'invalid_token'],
    ['a Tollgate key instead of a token', async () => live, 'invalid_token'],
  ] as [string, () => Promise<string>, string][])('refuses %s with 401 %s', async (_name, make, code) => {
    const { deps, consumerLookups } = tokenDeps();
    const { ctx, denied } = await runWith(
      deps,
      [['Authorization', `Bearer ${await make()}`]],
      '/t/acme/jwt/x',
    );
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe(code);
    expect(ctx.denyStage).toBe('authenticate');
    expect(consumerLookups).toHaveLength(0);
  });

  it('accepts a token within the clock skew of its expiry', async () => {
    const { deps } = tokenDeps();
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1', { exp: Math.floor(Date.now() / 1000) - 5 });
    const { denied } = await runWith(deps, [['Authorization', `Bearer ${token}`]], '/t/acme/jwt/x');
    expect(denied).toBe(false);
  });

  it('refuses a valid token whose subject has no consumer with 401 unknown_consumer', async () => {
    const { deps } = tokenDeps();
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1', { sub: 'nobody' });
    const { ctx } = await runWith(deps, [['Authorization', `Bearer ${token}`]], '/t/acme/jwt/x');
    expect(ctx.denyCode).toBe('unknown_consumer');
  });

  it('refuses a consumer without a usable subscription covering the API with 403 consumer_not_subscribed', async () => {
    const { deps } = tokenDeps();
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1', { sub: 'user-0' });
    const { ctx } = await runWith(deps, [['Authorization', `Bearer ${token}`]], '/t/acme/jwt/x');
    expect(ctx.denyCode).toBe('consumer_not_subscribed');
  });

  it('refuses a Tollgate key next to a token with 400 conflicting_credentials', async () => {
    const { deps } = tokenDeps();
    const token = await sign(rsa.privateKey, 'RS256', 'rsa-1');
    const { ctx } = await runWith(
      deps,
      [
        ['Authorization', `Bearer ${token}`],
        ['X-Api-Key', live],
      ],
      '/t/acme/jwt/x',
    );
    expect(ctx.denyCode).toBe('conflicting_credentials');
  });

  it('refetches the JWKS for an unknown kid at most once per cooldown', async () => {
    const { deps } = tokenDeps();
    const first = await runWith(
      deps,
      [['Authorization', `Bearer ${await sign(rsa.privateKey, 'RS256', 'rsa-1')}`]],
      '/t/acme/jwt/x',
    );
    expect(first.denied).toBe(false);
    const source = deps.auth.jwksSource(jwksUrl)!;
    const before = source.fetches;
    // The provider rotates in a new key: the first token naming it triggers one fetch.
    jwks.keys.push({ ...(await exportJWK(rotated.publicKey)), kid: 'rsa-2', alg: 'RS256' });
    const rotatedToken = await sign(rotated.privateKey, 'RS256', 'rsa-2');
    const second = await runWith(deps, [['Authorization', `Bearer ${rotatedToken}`]], '/t/acme/jwt/x');
    expect(second.denied).toBe(false);
    expect(source.fetches).toBe(before + 1);
    // Forged kids within the cooldown cost no fetch.
    for (let i = 0; i < 5; i++) {
      const forged = await sign(rotated.privateKey, 'RS256', `forged-${i}`);
      const { ctx } = await runWith(deps, [['Authorization', `Bearer ${forged}`]], '/t/acme/jwt/x');
      expect(ctx.denyCode).toBe('invalid_token');
    }
    expect(source.fetches).toBe(before + 1);
    jwks.keys.pop();
    source.stop();
  });

  it('lets a route override its API: an anonymous route needs no credential and is limited per client IP', async () => {
    const { deps } = tokenDeps();
    const { ctx, denied } = await runWith(deps, [], '/t/acme/jwt/public', '192.0.2.5');
    expect(denied).toBe(false);
    expect(ctx.authMode).toBe('anonymous');
    expect(ctx.key).toBeNull();
    expect(ctx.rateLimitSubject).toBe('ip:192.0.2.5');
  });

  it('never forwards a Tollgate key sent to an anonymous API', async () => {
    const { deps } = tokenDeps();
    const { ctx, denied } = await runWith(deps, [['X-Api-Key', live]], '/t/acme/open/x');
    expect(denied).toBe(false);
    expect(ctx.forwardHeaders).toEqual([]);
  });

  it('answers 503 token_check_unavailable for an oauth2 API when the tenant has no introspection settings', async () => {
    const { deps } = tokenDeps();
    const { ctx } = await runWith(deps, [['Authorization', 'Bearer opaque-token']], '/t/acme/oauth/x');
    expect(ctx.denyCode).toBe('token_check_unavailable');
  });

  it('answers 401 invalid_token when a jwt route gets no bearer token', async () => {
    const { deps } = tokenDeps();
    const { ctx } = await runWith(deps, [], '/t/acme/jwt/x');
    expect(ctx.denyCode).toBe('invalid_token');
  });
});
