import { describe, expect, it } from 'vitest';
import { compileSnapshot, type TenantConfig } from './compile-snapshot.js';

const config: TenantConfig = {
  tenant: { id: 'tnt_1', slug: 'acme' },
  apis: [
    {
      id: 'api_2',
      name: 'Zeta',
      basePath: '/zeta',
      upstreamUrl: 'http://127.0.0.1:4010',
      sandboxUpstreamUrl: 'http://127.0.0.1:4011',
      routes: [{ id: 'rte_1', method: 'ANY', pathTemplate: '/*' }],
    },
    {
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

  it('refuses a config the gateway could not load', () => {
    const bad = { ...config, apis: [{ ...config.apis[0]!, basePath: 'no-slash' }] };
    expect(() =>
      compileSnapshot(bad, { version: 1, createdAt: new Date(), allowPrivateUpstreams: false }),
    ).toThrow();
  });
});
