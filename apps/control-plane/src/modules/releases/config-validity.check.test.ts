import type { ConfigSnapshotInput } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { configValidityCheck } from './config-validity.check.js';
import type { ReleaseCandidate } from './release-check.js';
import { routeTemplateProblem } from './route-template.js';

const snapshot: ConfigSnapshotInput = {
  tenantId: 'tnt_1',
  tenantSlug: 'acme',
  version: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  apis: [
    {
      id: 'api_1',
      name: 'Echo',
      basePath: '/echo',
      upstream: { url: 'https://echo.example' },
      sandboxUpstream: null,
      routes: [
        { id: 'rte_1', method: 'ANY', pathTemplate: '/*' },
        { id: 'rte_2', method: 'GET', pathTemplate: '/users/{id}' },
      ],
    },
  ],
  plans: [{ id: 'pln_1', version: 1, name: 'Pro', apiIds: ['api_1'], rateLimit: null, monthlyQuota: null }],
};

function candidate(
  change: (s: ConfigSnapshotInput) => void = () => {},
  extra: Partial<ReleaseCandidate> = {},
) {
  const copy = structuredClone(snapshot);
  change(copy);
  return {
    tenantId: 'tnt_1',
    kind: 'manual',
    live: null,
    allowPrivateUpstreams: false,
    snapshot: copy,
    ...extra,
  } as ReleaseCandidate;
}

const paths = (c: ReleaseCandidate) => configValidityCheck.run(c) as { path: string; severity: string }[];

describe('configValidityCheck', () => {
  it('validity.ok: a sound config has no problems', () => {
    expect(paths(candidate())).toEqual([]);
  });

  it('validity.schema: a snapshot the gateway cannot load is refused', () => {
    expect(paths(candidate((s) => (s.apis[0]!.basePath = 'no-slash')))).toMatchObject([
      { path: 'apis.0.basePath', severity: 'error' },
    ]);
  });

  it('validity.loopback: a private upstream is refused unless the tenant may use them', () => {
    const loopback = (s: ConfigSnapshotInput) => (s.apis[0]!.upstream.url = 'http://127.0.0.1:4010');
    expect(paths(candidate(loopback))).toMatchObject([{ path: 'apis.0.upstream.url', severity: 'error' }]);
    expect(paths(candidate(loopback, { allowPrivateUpstreams: true }))).toEqual([]);
    const metadata = (s: ConfigSnapshotInput) => (s.apis[0]!.upstream.url = 'http://169.254.169.254');
    expect(paths(candidate(metadata, { allowPrivateUpstreams: true }))).toHaveLength(1);
  });

  it('validity.duplicates: a base path or a route declared twice is refused', () => {
    const dup = candidate((s) => {
      s.apis.push({ ...structuredClone(s.apis[0]!), id: 'api_2' });
      s.apis[0]!.routes.push({ id: 'rte_3', method: 'GET', pathTemplate: '/users/{id}' });
    });
    expect(paths(dup).map((p) => p.path)).toEqual(['apis.0.routes.2', 'apis.1.basePath']);
  });

  it('validity.unknown-api: a plan covering an unknown API is an error, a warning on rollback', () => {
    const unknown = (s: ConfigSnapshotInput) => s.plans[0]!.apiIds.push('api_gone');
    expect(paths(candidate(unknown))).toMatchObject([{ path: 'plans.0.apiIds', severity: 'error' }]);
    expect(paths(candidate(unknown, { kind: 'rollback' }))).toMatchObject([{ severity: 'warning' }]);
  });

  it('validity.template: templates the router cannot match are refused', () => {
    expect(routeTemplateProblem('/users/{id}/orders/*')).toBeNull();
    expect(routeTemplateProblem('/')).toBeNull();
    for (const bad of ['/a//b', '/*/a', '/users/{id', '/{a}/{a}', '/x y', 'users', '/a/../b', '/.'])
      expect(routeTemplateProblem(bad), bad).not.toBeNull();
    expect(paths(candidate((s) => (s.apis[0]!.routes[1]!.pathTemplate = '/users/{id')))).toMatchObject([
      { path: 'apis.0.routes.1.pathTemplate' },
    ]);
  });

  it('validity.versions: APIs sharing a base path need distinct versions and one fallback', () => {
    const version = (name: string, isDefault = false) => ({ name, by: 'path' as const, default: isDefault });
    const second = (s: ConfigSnapshotInput, policies: object) =>
      s.apis.push({ ...structuredClone(s.apis[0]!), id: 'api_2', policies });
    // v2 next to the unversioned API (the fallback): fine.
    expect(paths(candidate((s) => second(s, { version: version('v2') })))).toEqual([]);
    // Two fallbacks: the unversioned API and a default v2.
    expect(paths(candidate((s) => second(s, { version: version('v2', true) })))).toMatchObject([
      { path: 'apis.1.policies.version.default', severity: 'error' },
    ]);
    // The same version twice.
    const twice = candidate((s) => {
      s.apis[0]!.policies = { version: version('v1', true) };
      second(s, { version: version('v1') });
    });
    expect(paths(twice)).toMatchObject([{ path: 'apis.1.policies.version.name' }]);
  });

  it('validity.auth: jwt or oauth2 mode needs the tenant provider, whose URL the guard checks', () => {
    const jwtRoute = (s: ConfigSnapshotInput) => (s.apis[0]!.routes[1]!.policies = { auth: { mode: 'jwt' } });
    expect(paths(candidate(jwtRoute))).toMatchObject([{ path: 'apis.0.routes.1.policies.auth.mode' }]);
    const withProvider = (jwksUrl: string) => (s: ConfigSnapshotInput) => {
      jwtRoute(s);
      s.policies = { auth: { jwt: { jwksUrl, issuer: 'https://id.example', audiences: ['api'] } } };
    };
    expect(paths(candidate(withProvider('https://id.example/jwks.json')))).toEqual([]);
    expect(paths(candidate(withProvider('http://10.0.0.1/jwks.json')))).toMatchObject([
      { path: 'policies.auth.jwt.jwksUrl' },
    ]);
    expect(paths(candidate((s) => (s.apis[0]!.policies = { auth: { mode: 'oauth2' } })))).toMatchObject([
      { path: 'apis.0.policies.auth.mode' },
    ]);
  });
});
