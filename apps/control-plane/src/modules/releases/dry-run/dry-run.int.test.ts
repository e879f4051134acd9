import { newId } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRequests } from '../../../../test/request-log-rows.js';
import { startTestApp, type TestApp, type TestClient } from '../../../../test/test-app.js';
import { dryRunSample, type SampleIds } from './dry-run-sample.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
let ids: SampleIds;
const startMs = Date.now() - 30 * 60_000;

const base = () => `/v1/tenants/${tenantId}/releases`;

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup('dry-a'));
  const apiId = (
    await owner.post(`/v1/tenants/${tenantId}/apis`, {
      name: 'Echo',
      basePath: '/echo',
      upstreamUrl: 'http://127.0.0.1:4010',
    })
  ).json().data.id as string;
  const planId = (
    await owner.post(`/v1/tenants/${tenantId}/plans`, {
      name: 'Pro',
      rateLimit: { limit: 10, windowSeconds: 60, burst: 10 },
      apiIds: [apiId],
    })
  ).json().data.id as string;
  const consumers = {} as SampleIds['consumers'];
  for (const who of ['a', 'b', 'c'] as const) {
    const consumerId = (
      await owner.post(`/v1/tenants/${tenantId}/consumers`, { name: who, email: `${who}@example.test` })
    ).json().data.id as string;
    const subscription = await owner.post(`/v1/tenants/${tenantId}/consumers/${consumerId}/subscriptions`, {
      planId,
    });
    consumers[who] = { consumerId, subscriptionId: subscription.json().data.id };
  }
  // The routes API is another module's: the routing is set in Postgres, then released.
  ids = {
    tenantSlug: 'dry-a',
    apiId,
    itemsRouteId: newId('route'),
    legacyRouteId: newId('route'),
    consumers,
  };
  await t.db.prisma.route.deleteMany({ where: { apiId } });
  await t.db.prisma.route.createMany({
    data: [
      { id: ids.itemsRouteId, tenantId, apiId, method: 'GET', pathTemplate: '/items/{id}' },
      { id: ids.legacyRouteId, tenantId, apiId, method: 'GET', pathTemplate: '/legacy' },
    ],
  });
  expect((await owner.post(base(), { reason: 'baseline' })).statusCode).toBe(201);
  await logRequests(
    t.db.prisma,
    dryRunSample(ids, startMs).map(({ atMs, ...row }) => ({ ...row, tenantId, at: new Date(atMs) })),
  );
  // The change under review: /items lowered to 5/min, /legacy removed.
  await t.db.prisma.route.delete({ where: { id: ids.legacyRouteId } });
  await t.db.prisma.route.update({
    where: { id: ids.itemsRouteId },
    data: { policies: { rateLimit: { limit: 5, windowSeconds: 60, burst: 5 } } },
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('release dry run', () => {
  it('dry-run.exact: the recorded sample gives exactly the hand-counted changes', async () => {
    const response = await owner.post(`${base()}/dry-run`, {});
    expect(response.statusCode).toBe(200);
    const report = response.json().data;
    expect(report).toMatchObject({ replayed: 30, changed: 14, truncated: false });
    expect(report.changes).toMatchObject([
      { from: { status: 200 }, to: { status: 429, code: 'rate_limited' }, requests: 8, consumers: 2 },
      { from: { status: 200 }, to: { status: 404, code: 'route_not_found' }, requests: 6, consumers: 1 },
    ]);
    expect(report.routesNowNotFound).toMatchObject([
      { routeId: ids.legacyRouteId, pathTemplate: '/legacy', requests: 6 },
    ]);
    expect(report.summary[0]).toBe('8 requests from 2 consumers would have got 429 instead of 200');
  });

  it('dry-run.window: only the chosen window is replayed; a reversed one is refused', async () => {
    const before = new Date(startMs - 60_000).toISOString();
    const empty = await owner.post(`${base()}/dry-run`, {
      window: { from: new Date(startMs - 3_600_000).toISOString(), to: before },
    });
    expect(empty.json().data).toMatchObject({ replayed: 0, changed: 0 });
    const reversed = await owner.post(`${base()}/dry-run`, {
      window: { from: new Date().toISOString(), to: before },
    });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().code).toBe('validation_failed');
  });

  it('dry-run.release: preview shows it as warnings; publish stores it with the release', async () => {
    const preview = (await owner.post(`${base()}/preview`, {})).json().data;
    expect(preview.publishable).toBe(true);
    expect(preview.dryRun.changed).toBe(14);
    expect(preview.problems).toContainEqual(
      expect.objectContaining({ check: 'dry-run', severity: 'warning' }),
    );
    const published = await owner.post(base(), { reason: 'lower /items, drop /legacy' });
    expect(published.statusCode).toBe(201);
    const version = published.json().data.version as number;
    expect(published.json().data.dryRun.changed).toBe(14);
    const shown = (await owner.get(`${base()}/${version}`)).json().data;
    expect(shown.dryRun).toMatchObject({ replayed: 30, changed: 14, candidateVersion: version });
  });
});
