import { type ConfigSnapshot, redisKeys } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTables } from '../../../test/db-snapshot.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/** Declarative config through the control plane: export, plan and apply of one document. */

let t: TestApp;
let owner: TestClient;
let other: TestClient;
let viewer: TestClient;
let developer: TestClient;
let tenantId: string;
let userId: string;
let otherTenantId: string;
let apiId: string;

type Doc = {
  metadata: { tenant?: string };
  apis: Array<Record<string, unknown> & { routes: Array<Record<string, unknown>> }>;
  plans: Array<Record<string, unknown>>;
};

const base = (id = tenantId) => `/v1/tenants/${id}/config`;
const clone = <T>(value: T): T => structuredClone(value);

const versions = () => t.db.prisma.configVersion.count({ where: { tenantId } });
const auditRows = () => t.db.prisma.auditEvent.count({ where: { tenantId } });
const liveVersion = async () =>
  Number(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, tenantId)));

async function snapshotOf(version: number): Promise<ConfigSnapshot> {
  const row = await t.db.prisma.configVersion.findUniqueOrThrow({
    where: { tenantId_version: { tenantId, version } },
  });
  return row.snapshot as unknown as ConfigSnapshot;
}

async function exported(client = owner): Promise<Doc> {
  const response = await client.get(`${base()}/export`);
  expect(response.statusCode).toBe(200);
  return response.json().data;
}

async function member(role: 'viewer' | 'developer', slug: string): Promise<TestClient> {
  const client = t.client();
  const { userId } = await client.signup(slug);
  await t.db.prisma.membership.create({ data: { id: `mem_${slug}`, userId, tenantId, role } });
  return client;
}

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  other = t.client();
  ({ tenantId, userId } = await owner.signup('decl-a'));
  ({ tenantId: otherTenantId } = await other.signup('decl-b'));
  viewer = await member('viewer', 'decl-viewer');
  developer = await member('developer', 'decl-dev');
  const api = await owner.post(`/v1/tenants/${tenantId}/apis`, {
    name: 'Weather',
    basePath: '/weather',
    upstreamUrl: 'http://127.0.0.1:4010',
    policies: { cors: { allowedOrigins: ['https://app.example.com'] } },
  });
  expect(api.statusCode).toBe(201);
  apiId = api.json().data.id;
  const route = await owner.post(`/v1/tenants/${tenantId}/apis/${apiId}/routes`, {
    method: 'GET',
    pathTemplate: '/forecast/{city}',
    policies: { cache: { ttlSeconds: 30 } },
  });
  expect(route.statusCode).toBe(201);
  const target = await owner.post(`/v1/tenants/${tenantId}/apis/${apiId}/upstream-targets`, {
    url: 'http://127.0.0.1:4012',
    weight: 50,
  });
  expect(target.statusCode).toBe(201);
  const secret = await owner.post(`/v1/tenants/${tenantId}/apis/${apiId}/signing-secrets`, {
    secret: 'declarative-signing-secret-0123456789',
  });
  expect(secret.statusCode).toBe(201);
  const legacy = await owner.post(`/v1/tenants/${tenantId}/apis`, {
    name: 'Legacy',
    basePath: '/legacy',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  expect(legacy.statusCode).toBe(201);
  const plan = await owner.post(`/v1/tenants/${tenantId}/plans`, {
    name: 'Pro',
    rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
    monthlyQuota: 1000,
    apiIds: [apiId],
    pricing: { baseFeeCents: 900, includedCalls: 100, overageTiers: [{ upTo: null, unitAmountCents: 1 }] },
  });
  expect(plan.statusCode).toBe(201);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('declarative config', () => {
  it('export.ok: APIs, routes, targets and plans by natural keys; no ids, no secrets', async () => {
    const response = await owner.get(`${base()}/export`);
    expect(response.statusCode).toBe(200);
    const doc = response.json().data;
    expect(doc).toMatchObject({
      apiVersion: 'tollgate/v1',
      kind: 'TenantConfig',
      metadata: { tenant: 'decl-a' },
    });
    expect(doc.apis.map((a: { basePath: string }) => a.basePath)).toEqual(['/legacy', '/weather']);
    const weather = doc.apis[1];
    expect(weather).toMatchObject({
      name: 'Weather',
      upstreamUrl: 'http://127.0.0.1:4010',
      upstreamTargets: [{ url: 'http://127.0.0.1:4012', weight: 50 }],
      signingSecrets: { count: 1 },
    });
    expect(weather.routes).toEqual([
      { method: 'ANY', pathTemplate: '/*' },
      {
        method: 'GET',
        pathTemplate: '/forecast/{city}',
        policies: { cache: expect.objectContaining({ ttlSeconds: 30 }) },
      },
    ]);
    expect(doc.plans).toEqual([
      expect.objectContaining({
        name: 'Pro',
        visibility: 'public',
        apis: ['/weather'],
        rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
        monthlyQuota: 1000,
      }),
    ]);
    expect(response.body).not.toContain(apiId);
    expect(response.body).not.toContain('declarative-signing-secret');
    expect(response.body).not.toMatch(/"(id|apiIds)"/);
    // The same text twice: a file in git only changes when the config does.
    expect((await owner.get(`${base()}/export`)).body).toBe(response.body);
  });

  it('apply.noop: applying the export changes nothing: no release, no audit event, no row', async () => {
    const doc = await exported();
    const before = await snapshotTables(t.db.prisma);
    const plan = await owner.post(`${base()}/plan`, { document: doc });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().data).toMatchObject({ changes: [], release: null });
    const applied = await owner.post(`${base()}/apply`, { document: doc, reason: 'no-op' });
    expect(applied.statusCode).toBe(200);
    expect(applied.json().data).toMatchObject({ changes: [], release: null });
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
  });

  it('plan.ok: resource and field changes, and the release diff in words; stores nothing', async () => {
    const doc = clone(await exported());
    const pro = doc.plans[0] as { rateLimit: { limit: number } };
    pro.rateLimit.limit = 20;
    doc.apis[1]?.routes.push({ method: 'POST', pathTemplate: '/alerts' });
    const before = await snapshotTables(t.db.prisma);
    const response = await developer.post(`${base()}/plan`, { document: doc });
    expect(response.statusCode).toBe(200);
    const { changes, release, liveVersion: live } = response.json().data;
    expect(live).toBe(await liveVersion());
    expect(changes).toEqual([
      expect.objectContaining({ action: 'create', resource: 'route', key: 'POST /alerts', api: '/weather' }),
      expect.objectContaining({
        action: 'update',
        resource: 'plan',
        key: 'Pro',
        fields: [
          {
            path: 'rateLimit',
            before: { limit: 10, windowSeconds: 1, burst: 5 },
            after: { limit: 20, windowSeconds: 1, burst: 5 },
          },
        ],
      }),
    ]);
    expect(release.publishable).toBe(true);
    expect(release.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'route.added', route: 'POST /alerts' }),
        expect.objectContaining({
          kind: 'limit.changed',
          plan: 'Pro',
          summary: 'Rate limit of plan Pro: 10 per 1s (burst 5) → 20 per 1s (burst 5)',
        }),
      ]),
    );
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
  });

  it('apply.ok: an edited document applies as ONE manual release with who and why, live on the gateways', async () => {
    const doc = clone(await exported());
    const pro = doc.plans[0] as { rateLimit: { limit: number }; monthlyQuota: number };
    pro.rateLimit.limit = 20;
    pro.monthlyQuota = 5000;
    const weather = doc.apis[1] as Doc['apis'][number] & { upstreamTargets: unknown[] };
    weather.routes.push({ method: 'POST', pathTemplate: '/alerts', name: 'Alerts' });
    weather.upstreamTargets = [{ url: 'http://127.0.0.1:4013', weight: 10 }];
    doc.apis = doc.apis.filter((a) => a.basePath !== '/legacy');
    const versionBefore = await liveVersion();
    const releasesBefore = await versions();
    const auditBefore = await auditRows();
    const noticesBefore = (t.notices.get(`${t.env.REDIS_PREFIX}config:published`) ?? []).length;

    const response = await owner.post(`${base()}/apply`, {
      document: doc,
      reason: 'raise Pro limits',
      expectedLiveVersion: versionBefore,
    });
    expect(response.statusCode).toBe(200);
    const { release, changes } = response.json().data;
    expect(changes.map((c: { summary: string }) => c.summary)).toEqual([
      'Create route POST /alerts on /weather',
      'Delete upstream target http://127.0.0.1:4012 on /weather',
      'Create upstream target http://127.0.0.1:4013 on /weather',
      'Update plan Pro: rateLimit, monthlyQuota',
      'Delete API /legacy',
    ]);
    expect(release.version).toBe(versionBefore + 1);
    expect(await versions()).toBe(releasesBefore + 1);
    expect(await liveVersion()).toBe(versionBefore + 1);
    const row = await t.db.prisma.configVersion.findUniqueOrThrow({
      where: { tenantId_version: { tenantId, version: release.version } },
    });
    expect(row).toMatchObject({ kind: 'manual', reason: 'raise Pro limits', createdBy: userId });

    const events = await t.db.prisma.auditEvent.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'asc' },
      skip: auditBefore,
    });
    expect(events.map((e) => e.action).sort()).toEqual(
      [
        'api.deleted',
        'plan.version_created',
        'release.published',
        'route.created',
        'upstream_target.created',
        'upstream_target.deleted',
      ].sort(),
    );
    expect(events.every((e) => e.actorId === userId)).toBe(true);

    // What the gateways load: the new route, target and limits; the dropped API gone.
    const snapshot = await snapshotOf(release.version);
    expect(snapshot.apis.map((a) => a.basePath)).toEqual(['/weather']);
    expect(snapshot.apis[0]?.routes.map((r) => `${r.method} ${r.pathTemplate}`)).toContain('POST /alerts');
    expect(snapshot.apis[0]?.policies.targets).toEqual([{ url: 'http://127.0.0.1:4013', weight: 10 }]);
    const plan = snapshot.plans.find((p) => p.name === 'Pro' && p.version === 2);
    expect(plan).toMatchObject({ rateLimit: { limit: 20 }, monthlyQuota: 5000 });
    const notices = t.notices.get(`${t.env.REDIS_PREFIX}config:published`) ?? [];
    expect(notices.slice(noticesBefore)).toEqual([{ tenantId, version: release.version }]);

    // Applying the same file again is a no-op.
    const again = await owner.post(`${base()}/apply`, { document: doc, reason: 'again' });
    expect(again.json().data).toMatchObject({ changes: [], release: null, liveVersion: release.version });
    expect(await versions()).toBe(releasesBefore + 1);
  });

  it('apply.stale: a release published since the plan refuses the apply (409) and changes nothing', async () => {
    const doc = clone(await exported());
    (doc.plans[0] as { trialDays: number }).trialDays = 7;
    const live = await liveVersion();
    const before = await snapshotTables(t.db.prisma);
    const response = await owner.post(`${base()}/apply`, {
      document: doc,
      reason: 'stale',
      expectedLiveVersion: live - 1,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('live_version_changed');
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
  });

  it('apply.invalid: a bad document is 422 with the path of each field, and changes nothing', async () => {
    const doc = clone(await exported());
    const weather = doc.apis[0] as Doc['apis'][number];
    weather.basePath = 'no-slash';
    (doc as Record<string, unknown>).extra = true;
    // Well-formed entries that do not fit together: a route twice, a plan naming an API not in the document.
    const unmatched = clone(await exported());
    const twice = unmatched.apis[0]?.routes.push({ method: 'GET', pathTemplate: '/forecast/{city}' }) ?? 0;
    unmatched.plans.push({ name: 'Free', apis: ['/nowhere'] });
    const before = await snapshotTables(t.db.prisma);
    const cases: Array<[unknown, string[]]> = [
      [doc, ['document.apis.0.basePath', 'document.extra']],
      [unmatched, [`document.apis.0.routes.${twice - 1}.pathTemplate`, 'document.plans.1.apis.0']],
    ];
    for (const [document, expected] of cases) {
      for (const call of ['plan', 'apply']) {
        const body = call === 'plan' ? { document } : { document, reason: 'invalid' };
        const response = await owner.post(`${base()}/${call}`, body);
        expect(response.statusCode).toBe(422);
        expect(response.json().code).toBe('validation_failed');
        const paths = response.json().errors.map((e: { path: string }) => e.path);
        expect(paths).toEqual(expect.arrayContaining(expected));
      }
    }
    // Unknown fields deep in a policy are refused, not dropped.
    const typo = clone(await exported());
    typo.apis[0]?.routes.push({
      method: 'GET',
      pathTemplate: '/y',
      policies: { cache: { ttlSeconds: 5, ttlSecs: 1 } },
    });
    const refused = await owner.post(`${base()}/plan`, { document: typo });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual([
      `document.apis.0.routes.${(typo.apis[0]?.routes.length ?? 0) - 1}.policies.cache.ttlSecs`,
    ]);
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
  });

  it('apply.invalid: a service-level refusal names the entry of the document, and rolls everything back', async () => {
    const doc = clone(await exported());
    const weather = doc.apis[0] as Doc['apis'][number];
    weather.name = 'Renamed first';
    // A POST route is never cached: refused by the routes service, after the API was renamed.
    weather.routes.push({ method: 'POST', pathTemplate: '/cached', policies: { cache: { ttlSeconds: 5 } } });
    const before = await snapshotTables(t.db.prisma);
    const response = await owner.post(`${base()}/apply`, { document: doc, reason: 'invalid' });
    expect(response.statusCode).toBe(422);
    const index = weather.routes.length - 1;
    expect(response.json().errors).toEqual([
      { path: `document.apis.0.routes.${index}.policies.cache`, message: expect.any(String) },
    ]);
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
  });

  it('apply.invalid: a document that drops a plan, or names another tenant, is 422', async () => {
    const doc = clone(await exported());
    const response = await owner.post(`${base()}/plan`, { document: { ...doc, plans: [] } });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toEqual(['document.plans']);
    const elsewhere = await other.post(`${base(otherTenantId)}/plan`, { document: doc });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'document.metadata.tenant',
    ]);
  });

  it("apply.not_found: another tenant's user gets 404 on export, plan and apply", async () => {
    const doc = await exported();
    expect((await other.get(`${base()}/export`)).statusCode).toBe(404);
    const plan = await other.post(`${base()}/plan`, { document: doc });
    expect([plan.statusCode, plan.json().code]).toEqual([404, 'not_found']);
    const apply = await other.post(`${base()}/apply`, { document: doc, reason: 'x' });
    expect([apply.statusCode, apply.json().code]).toEqual([404, 'not_found']);
  });

  it('apply.forbidden: a viewer cannot export, plan or apply; a developer cannot change plans', async () => {
    const doc = clone(await exported());
    expect((await viewer.get(`${base()}/export`)).statusCode).toBe(403);
    const viewerApply = await viewer.post(`${base()}/apply`, { document: doc, reason: 'x' });
    expect([viewerApply.statusCode, viewerApply.json().code]).toEqual([403, 'forbidden']);
    (doc.plans[0] as { trialDays: number }).trialDays = 14;
    const before = await snapshotTables(t.db.prisma);
    const devApply = await developer.post(`${base()}/apply`, { document: doc, reason: 'x' });
    expect([devApply.statusCode, devApply.json().code]).toEqual([403, 'forbidden']);
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
    // Routes are a developer's to change.
    const routesOnly = clone(await exported());
    routesOnly.apis[0]?.routes.push({ method: 'GET', pathTemplate: '/dev' });
    const devRoutes = await developer.post(`${base()}/apply`, { document: routesOnly, reason: 'dev route' });
    expect(devRoutes.statusCode).toBe(200);
    expect(devRoutes.json().data.release.version).toBe(await liveVersion());
  });
});
