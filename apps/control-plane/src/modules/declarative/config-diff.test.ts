import { describe, expect, it } from 'vitest';
import { diffConfig, plansMissing } from './config-diff.js';
import type { ApiSpec, PlanSpec, TenantSpec } from './config-spec.js';

const api = (over: Partial<ApiSpec> = {}): ApiSpec => ({
  basePath: '/weather',
  version: null,
  name: 'Weather',
  description: null,
  upstreamUrl: 'http://up.test',
  sandboxUpstreamUrl: null,
  policies: { cors: { allowedOrigins: ['https://a.test'], maxAgeSeconds: 600 } },
  routes: [{ method: 'GET', pathTemplate: '/forecast', name: null, policies: {} }],
  upstreamTargets: [],
  signingSecrets: 1,
  ...over,
});

const plan = (over: Partial<PlanSpec> = {}): PlanSpec => ({
  name: 'Pro',
  visibility: 'public',
  apis: ['/weather'],
  rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
  monthlyQuota: null,
  pricing: { baseFeeCents: 0, includedCalls: 0, overageTiers: [] },
  trialDays: 0,
  ...over,
});

const spec = (apis: ApiSpec[], plans: PlanSpec[] = [plan()]): TenantSpec => ({ apis, plans });

describe('diffConfig', () => {
  it('diff.noop: equal configs (key order and signing secrets aside) change nothing', () => {
    const reordered = api({
      policies: { cors: { maxAgeSeconds: 600, allowedOrigins: ['https://a.test'] } },
      signingSecrets: 0,
    });
    expect(diffConfig(spec([api()]), spec([reordered]))).toEqual([]);
  });

  it('diff.fields: a policy or a price component is named by its own path', () => {
    const changes = diffConfig(
      spec([api()]),
      spec(
        [api({ policies: {} })],
        [plan({ pricing: { baseFeeCents: 900, includedCalls: 0, overageTiers: [] } })],
      ),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        action: 'update',
        resource: 'api',
        key: '/weather',
        fields: [{ path: 'policies.cors', before: api().policies.cors, after: null }],
      }),
      expect.objectContaining({
        action: 'update',
        resource: 'plan',
        fields: [{ path: 'pricing.baseFeeCents', before: 0, after: 900 }],
      }),
    ]);
  });

  it('diff.keys: a new API lists its routes; a dropped one is deleted last; a versioned API has its own key', () => {
    const v2 = api({ version: { name: 'v2', by: 'path', default: false } });
    const changes = diffConfig(spec([api({ basePath: '/old' })]), spec([v2]));
    expect(changes.map((c) => `${c.action} ${c.resource} ${c.key}`)).toEqual([
      'create api /weather@v2',
      'create route GET /forecast',
      'delete api /old',
    ]);
  });

  it('diff.plans: a plan left out is reported, never deleted', () => {
    const current = spec([api()], [plan(), plan({ name: 'Free' })]);
    const desired = spec([api()]);
    expect(diffConfig(current, desired)).toEqual([]);
    expect(plansMissing(current, desired)).toEqual(['Free']);
  });
});
