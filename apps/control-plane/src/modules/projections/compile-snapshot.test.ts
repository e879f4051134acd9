import { describe, expect, it } from 'vitest';
import { compileSnapshot, type TenantConfig } from './compile-snapshot.js';

const sealed = { kid: 'mk1', iv: 'aXY=', tag: 'dGFn', ciphertext: 'Y2lwaGVy' };

const plainApi = {
  versionName: '',
  versionBy: null,
  versionDefault: false,
  policies: {},
  signingSecrets: [],
  upstreamTargets: [],
};

const config: TenantConfig = {
  tenant: { id: 'tnt_1', slug: 'acme' },
  identityProviders: { jwt: null, oauth2: null },
  apis: [
    {
      ...plainApi,
      id: 'api_2',
      name: 'Zeta',
      basePath: '/zeta',
      upstreamUrl: 'http://127.0.0.1:4010',
      sandboxUpstreamUrl: 'http://127.0.0.1:4011',
      routes: [{ id: 'rte_1', method: 'ANY', pathTemplate: '/*', policies: {} }],
    },
    {
      ...plainApi,
      id: 'api_1',
      name: 'Alpha',
      basePath: '/alpha',
      upstreamUrl: 'http://127.0.0.1:4010',
      sandboxUpstreamUrl: null,
      routes: [],
    },
  ],
  planVersions: [
    {
      planId: 'pln_1',
      name: 'Pro',
      version: 2,
      apiIds: ['api_2', 'api_1'],
      rateLimitLimit: 10,
      rateLimitWindowSeconds: 1,
      rateLimitBurst: 5,
      monthlyQuota: null,
    },
    {
      planId: 'pln_1',
      name: 'Pro',
      version: 1,
      apiIds: ['api_1'],
      rateLimitLimit: null,
      rateLimitWindowSeconds: null,
      rateLimitBurst: null,
      monthlyQuota: 100,
    },
  ],
};

describe('compileSnapshot', () => {
  it('compiles a valid snapshot in a fixed order', () => {
    const snapshot = compileSnapshot(config, {
      version: 3,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      allowPrivateUpstreams: false,
    });
    expect(snapshot.version).toBe(3);
    expect(snapshot.apis.map((a) => a.basePath)).toEqual(['/alpha', '/zeta']);
    expect(snapshot.apis[1]?.sandboxUpstream).toEqual({ url: 'http://127.0.0.1:4011' });
    expect(snapshot.plans.map((p) => p.version)).toEqual([1, 2]);
    expect(snapshot.plans[0]?.rateLimit).toBeNull();
    expect(snapshot.plans[1]).toMatchObject({
      rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
      apiIds: ['api_1', 'api_2'],
    });
    expect(snapshot.policies.allowPrivateUpstreams).toBe(false);
  });

  it('compile.policies: stored policies, version, targets, signing secrets and identity providers', () => {
    const withPolicies: TenantConfig = {
      ...config,
      identityProviders: {
        jwt: { jwksUrl: 'https://id.example/jwks', issuer: 'https://id.example', audiences: ['api'] },
        oauth2: { introspectionUrl: 'https://id.example/introspect', clientId: 'tg', clientSecret: sealed },
      },
      apis: [
        {
          ...config.apis[0]!,
          versionName: 'v2',
          versionBy: 'header',
          versionDefault: true,
          policies: { auth: { mode: 'jwt' }, ipRules: { deny: ['10.0.0.0/8'] } },
          signingSecrets: [sealed],
          upstreamTargets: [
            { url: 'http://127.0.0.1:4012', weight: 1 },
            { url: 'http://127.0.0.1:4011', weight: 3 },
          ],
          routes: [{ id: 'rte_1', method: 'GET', pathTemplate: '/a', policies: { rateLimit: null } }],
        },
      ],
    };
    const snapshot = compileSnapshot(withPolicies, {
      version: 1,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      allowPrivateUpstreams: true,
    });
    const api = snapshot.apis[0]!;
    expect(api.policies).toMatchObject({
      version: { name: 'v2', by: 'header', default: true },
      auth: { mode: 'jwt' },
      ipRules: { allow: [], deny: ['10.0.0.0/8'] },
      targets: [
        { url: 'http://127.0.0.1:4011', weight: 3 },
        { url: 'http://127.0.0.1:4012', weight: 1 },
      ],
      signingSecrets: [sealed],
    });
    expect(api.routes[0]!.policies.rateLimit).toBeNull();
    expect(snapshot.policies.auth?.jwt?.consumerClaim).toBe('sub');
    expect(snapshot.policies.auth?.oauth2?.clientSecret).toEqual(sealed);
    // Without these, the API has none of them.
    const plain = compileSnapshot(config, { version: 1, createdAt: new Date(), allowPrivateUpstreams: true });
    expect(plain.apis[0]!.policies.version).toBeUndefined();
    expect(plain.apis[0]!.policies.targets).toBeUndefined();
    expect(plain.policies.auth).toBeUndefined();
  });

  it('refuses a config the gateway could not load', () => {
    const bad = { ...config, apis: [{ ...config.apis[0]!, basePath: 'no-slash' }] };
    expect(() =>
      compileSnapshot(bad, { version: 1, createdAt: new Date(), allowPrivateUpstreams: false }),
    ).toThrow();
  });
});
