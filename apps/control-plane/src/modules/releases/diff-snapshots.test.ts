import { type ConfigSnapshot, configSnapshotSchema } from '@tollgate/contracts';
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
});
