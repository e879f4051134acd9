import { type ConfigSnapshot, configSnapshotSchema } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { dryRunSample, type SampleIds } from './dry-run-sample.js';
import { type RecordedRequest, Replay, type SubscriptionTerms } from './replay.js';

const ids: SampleIds = {
  tenantSlug: 'acme',
  apiId: 'api_1',
  itemsRouteId: 'rte_items',
  legacyRouteId: 'rte_legacy',
  consumers: {
    a: { consumerId: 'con_a', subscriptionId: 'sub_a' },
    b: { consumerId: 'con_b', subscriptionId: 'sub_b' },
    c: { consumerId: 'con_c', subscriptionId: 'sub_c' },
  },
};

function snapshot(version: number, edit: (s: ConfigSnapshot) => void = () => {}): ConfigSnapshot {
  const s = configSnapshotSchema.parse({
    tenantId: 'tnt_1',
    tenantSlug: 'acme',
    version,
    createdAt: new Date(0).toISOString(),
    apis: [
      {
        id: 'api_1',
        name: 'Echo',
        basePath: '/echo',
        upstream: { url: 'http://127.0.0.1:4010' },
        sandboxUpstream: null,
        routes: [
          { id: 'rte_items', method: 'GET', pathTemplate: '/items/{id}' },
          { id: 'rte_legacy', method: 'GET', pathTemplate: '/legacy' },
        ],
      },
    ],
    plans: [
      {
        id: 'pln_pro',
        version: 1,
        name: 'Pro',
        apiIds: ['api_1'],
        rateLimit: { limit: 10, windowSeconds: 60, burst: 10 },
        monthlyQuota: null,
      },
    ],
  });
  edit(s);
  return s;
}

const terms = (planVersion = 1): Map<string, SubscriptionTerms> =>
  new Map(['sub_a', 'sub_b', 'sub_c'].map((id) => [id, { planId: 'pln_pro', planVersion, period: null }]));

function replay(candidate: ConfigSnapshot, rows: RecordedRequest[], subscriptions = terms()) {
  const window = { from: new Date(0), to: new Date(10_000_000) };
  const run = new Replay({ live: snapshot(1), candidate, window, subscriptions, quotaSeed: new Map() });
  for (const row of rows) run.add(row);
  return run.report(false);
}

const lowered = (s: ConfigSnapshot) => {
  const api = s.apis[0]!;
  api.routes = api.routes.filter((r) => r.id !== 'rte_legacy');
  api.routes[0]!.policies.rateLimit = { limit: 5, windowSeconds: 60, burst: 5 };
};

describe('release dry run replay', () => {
  it('dry-run.sample: the hand-counted changes of the 30-request sample', () => {
    const report = replay(snapshot(2, lowered), dryRunSample(ids, 1_000_000));
    expect(report.replayed).toBe(30);
    expect(report.changed).toBe(14);
    expect(report.changes.map((c) => [c.from, c.to, c.requests, c.consumers])).toEqual([
      [{ status: 200, code: null }, { status: 429, code: 'rate_limited' }, 8, 2],
      [{ status: 200, code: null }, { status: 404, code: 'route_not_found' }, 6, 1],
    ]);
    expect(report.changes[0]!.byConsumer).toEqual([
      { consumerId: 'con_a', requests: 6 },
      { consumerId: 'con_b', requests: 2 },
    ]);
    expect(report.changes[0]!.sampleRequestIds[0]).toBe('req_sample_a5');
    expect(report.summary).toEqual([
      '8 requests from 2 consumers would have got 429 instead of 200',
      '6 requests from 1 consumer would have got 404 instead of 200',
      'GET /legacy would now answer 404 (6 recorded requests)',
    ]);
  });

  it('dry-run.unchanged: the same config changes nothing, whatever was recorded', () => {
    const report = replay(snapshot(2), dryRunSample(ids, 1_000_000));
    expect(report).toMatchObject({ replayed: 30, changed: 0, changes: [], routesNowNotFound: [] });
  });

  it('dry-run.plan: a plan that no longer covers the API refuses its keys (403 key_not_allowed)', () => {
    const report = replay(
      snapshot(2, (s) => {
        s.plans[0]!.apiIds = [];
      }),
      dryRunSample(ids, 1_000_000),
    );
    // Every keyed call that passed authenticate: A 12, B 8, C 6 (C's route still exists).
    expect(report.changes.map((c) => [c.from.status, c.to, c.requests])).toEqual([
      [200, { status: 403, code: 'key_not_allowed' }, 25],
      [429, { status: 403, code: 'key_not_allowed' }, 1],
    ]);
  });

  it('dry-run.lifted: a raised limit forwards what was refused', () => {
    const raised = (s: ConfigSnapshot) => {
      s.apis[0]!.routes[0]!.policies.rateLimit = { limit: 100, windowSeconds: 60, burst: 100 };
    };
    const report = replay(snapshot(2, raised), dryRunSample(ids, 1_000_000));
    expect(report.changes).toMatchObject([
      { from: { status: 429, code: 'rate_limited' }, to: { status: null, code: null }, requests: 1 },
    ]);
    expect(report.summary[0]).toBe(
      '1 request from 1 consumer would have been forwarded to the upstream instead of 429',
    );
  });
});
