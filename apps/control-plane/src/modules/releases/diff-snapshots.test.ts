import { type ConfigSnapshot, configSnapshotSchema, corsPolicySchema } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './diff-snapshots.js';

const v1: ConfigSnapshot = configSnapshotSchema.parse({
  tenantId: 'tnt_1',
  tenantSlug: 'acme',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  apis: [
    {
      id: 'api_1',
      name: 'Echo',
      basePath: '/echo',
      upstream: { url: 'http://echo.example' },
      sandboxUpstream: null,
      routes: [{ id: 'rte_1', method: 'GET', pathTemplate: '/health' }],
    },
  ],
  plans: [
    {
      id: 'pln_1',
      version: 1,
      name: 'Pro',
      apiIds: ['api_1'],
      rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
      monthlyQuota: 1000,
    },
  ],
});

function edit(change: (draft: ConfigSnapshot) => void): ConfigSnapshot {
  const draft = structuredClone({ ...v1, version: 2 });
  change(draft);
  return configSnapshotSchema.parse(draft);
}

describe('diffSnapshots', () => {
  it('diff.same: equal configs give no changes', () => {
    expect(
      diffSnapshots(
        v1,
        edit(() => {}),
      ),
    ).toEqual([]);
  });

  it('diff.route-added: names the API and the route', () => {
    const v2 = edit((d) =>
      d.apis[0]!.routes.push({ id: 'rte_2', method: 'GET', pathTemplate: '/users/{id}', policies: {} }),
    );
    expect(diffSnapshots(v1, v2)).toEqual([
      {
        kind: 'route.added',
        api: 'Echo',
        route: 'GET /users/{id}',
        summary: 'New route GET /users/{id} on Echo',
      },
    ]);
  });

  it('diff.route-removed: a route gone is listed', () => {
    const v2 = edit((d) => {
      d.apis[0]!.routes = [];
    });
    expect(diffSnapshots(v1, v2)).toMatchObject([
      { kind: 'route.removed', api: 'Echo', route: 'GET /health' },
    ]);
  });

  it('diff.limit-changed: a new plan version with another rate limit and quota', () => {
    const v2 = edit((d) => {
      d.plans.push({
        ...d.plans[0]!,
        version: 2,
        rateLimit: { limit: 20, windowSeconds: 1, burst: 5 },
        monthlyQuota: null,
      });
    });
    const changes = diffSnapshots(v1, v2);
    expect(changes.map((c) => c.kind)).toEqual(['plan.changed', 'limit.changed', 'limit.changed']);
    expect(changes[1]).toMatchObject({
      plan: 'Pro',
      policy: 'rateLimit',
      before: { limit: 10, windowSeconds: 1, burst: 5 },
      after: { limit: 20, windowSeconds: 1, burst: 5 },
    });
    expect(changes[2]).toMatchObject({ policy: 'monthlyQuota', before: 1000, after: null });
  });

  it('diff.api-changed: upstream, policies and coverage changes are words', () => {
    const v2 = edit((d) => {
      d.apis[0]!.upstream.url = 'http://echo2.example';
      d.apis[0]!.routes[0]!.policies.responseTimeoutMs = 5000;
      d.apis.push({
        ...structuredClone(d.apis[0]!),
        id: 'api_2',
        name: 'Users',
        basePath: '/users',
        routes: [],
      });
      d.plans[0]!.apiIds = ['api_1', 'api_2'];
    });
    const changes = diffSnapshots(v1, v2);
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'api.changed',
        api: 'Echo',
        before: 'http://echo.example',
        after: 'http://echo2.example',
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'policy.changed',
        api: 'Echo',
        route: 'GET /health',
        policy: 'responseTimeoutMs',
        after: 5000,
      }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'api.added', api: 'Users' }));
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'plan.changed', plan: 'Pro', api: 'Users' }),
    );
  });

  it('diff.first: everything is added when nothing is live', () => {
    const kinds = diffSnapshots(null, v1).map((c) => c.kind);
    expect(kinds).toEqual(['api.added', 'route.added', 'plan.added']);
  });

  it('diff.removed: an API and a plan gone are listed', () => {
    const v2 = edit((d) => {
      d.apis = [];
      d.plans = [];
    });
    expect(diffSnapshots(v1, v2).map((c) => c.kind)).toEqual(['api.removed', 'plan.removed']);
  });

  it('diff.route-policies: auth, limit override and CORS of a route read as words', () => {
    const v2 = edit((d) => {
      d.apis[0]!.routes[0]!.policies = {
        auth: { mode: 'anonymous' },
        rateLimit: { limit: 5, windowSeconds: 1, burst: 2 },
        cors: corsPolicySchema.parse({ allowedOrigins: ['https://app.example'] }),
      };
    });
    const changes = diffSnapshots(v1, v2);
    expect(changes.map((c) => [c.kind, c.policy, c.summary])).toEqual([
      [
        'policy.changed',
        'auth',
        "Auth mode of GET /health on Echo: the API's → anonymous (no credential, limited per client IP)",
      ],
      ['policy.changed', 'cors', "CORS of GET /health on Echo: the API's → origins https://app.example"],
      ['limit.changed', 'rateLimit', "Rate limit of GET /health on Echo: the plan's → 5 per 1s (burst 2)"],
    ]);
    const off = edit((d) => {
      d.apis[0]!.routes[0]!.policies = { rateLimit: null, cors: null };
    });
    expect(diffSnapshots(v1, off).map((c) => c.summary)).toEqual([
      "CORS of GET /health on Echo: the API's → off",
      "Rate limit of GET /health on Echo: the plan's → no per-caller rate limit",
    ]);
  });

  it('diff.route-added: a new route names its auth, limit and cache', () => {
    const v2 = edit((d) =>
      d.apis[0]!.routes.push({
        id: 'rte_2',
        method: 'GET',
        pathTemplate: '/forecast/{city}',
        policies: { auth: { mode: 'anonymous' }, cache: { ttlSeconds: 60 } } as never,
      }),
    );
    expect(diffSnapshots(v1, v2)[0]?.summary).toBe(
      'New route GET /forecast/{city} on Echo (auth mode anonymous (no credential, limited per client IP); response cache 60s, per consumer)',
    );
  });

  it('diff.api-policies: IP rules, version, targets and API-wide limit; signing secrets only counted', () => {
    const sealed = { kid: 'mk1', iv: 'aXY=', tag: 'dGFn', ciphertext: 'c2VjcmV0' };
    const v2 = edit((d) => {
      Object.assign(d.apis[0]!.policies, {
        ipRules: { allow: ['10.0.0.0/8'], deny: [] },
        version: { name: 'v2', by: 'header', default: true },
        targets: [{ url: 'http://a.example', weight: 3 }],
        apiRateLimit: { limit: 100, windowSeconds: 60, burst: 10 },
        signingSecrets: [sealed],
      });
    });
    const changes = diffSnapshots(v1, v2);
    expect(changes.map((c) => c.summary)).toEqual([
      'API-wide rate limit of Echo: none → 100 per 60s (burst 10)',
      'IP rules of Echo: no IP rules → allow 10.0.0.0/8; deny none',
      'Upstream signing secrets of Echo: none (requests are not signed) → 1 secret(s)',
      'Upstream targets of Echo: the upstream URL alone → http://a.example (weight 3)',
      'API version of Echo: unversioned → v2 (by Api-Version header, default)',
    ]);
    expect(changes[0]?.kind).toBe('limit.changed');
    expect(JSON.stringify(changes)).not.toContain(sealed.ciphertext);
  });

  it('diff.identity-providers: a new client secret is named, never shown', () => {
    const oauth2 = (ciphertext: string) => ({
      introspectionUrl: 'https://id.example/introspect',
      clientId: 'tollgate',
      clientSecret: { kid: 'mk1', iv: 'aXY=', tag: 'dGFn', ciphertext },
    });
    const withProvider = (ciphertext: string) =>
      configSnapshotSchema.parse({
        ...structuredClone(v1),
        version: 2,
        policies: { auth: { oauth2: oauth2(ciphertext) } },
      });
    const added = diffSnapshots(v1, withProvider('b2xk'));
    expect(added.map((c) => c.summary)).toEqual([
      'Identity providers of the tenant: none → no JWT; OAuth2 introspection at https://id.example/introspect (client tollgate)',
    ]);
    const rotated = diffSnapshots(withProvider('b2xk'), withProvider('bmV3'));
    expect(rotated.map((c) => c.summary)).toEqual([
      'Identity providers of the tenant: OAuth2 client secret replaced',
    ]);
    expect(JSON.stringify([...added, ...rotated])).not.toMatch(/b2xk|bmV3/);
  });
});
