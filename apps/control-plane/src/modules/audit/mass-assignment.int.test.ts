import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paramsOf, portalRoute, routeKey, servedRoutes } from '../../../test/app-routes.js';
import { snapshotTables } from '../../../test/db-snapshot.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/**
 * Mass assignment, over every route that takes a body (read from the app's own OpenAPI
 * document, which is built from its routes and zod schemas): a body naming who owns or what is
 * an object — `tenantId` (another tenant's), `role`, `id`, `createdAt`, `userId` — is refused
 * with 422 `validation_failed` naming the field, unless the route declares that field as its
 * input; and nothing is written anywhere. Developer-portal routes (`/v1/portal`, `/v1/me`) are
 * called with a developer's portal session, the others with a tenant owner's.
 */

interface Operation {
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}

let t: TestApp;
let owner: TestClient;
/** A developer signed up on the owner's portal: a consumer session. */
let developer: TestClient;
let ownTenant: string;
let otherTenant: string;
let otherUser: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ownTenant = (await owner.signup('mass-own')).tenantId;
  developer = t.client();
  await developer.portalSignup('mass-own', 'dev@mass.test');
  ({ tenantId: otherTenant, userId: otherUser } = await t.client().signup('mass-other'));
});
afterAll(async () => {
  await t?.close();
});

const forged = (): Record<string, unknown> => ({
  tenantId: otherTenant,
  role: 'owner',
  id: 'forged_id',
  createdAt: '2020-01-01T00:00:00.000Z',
  userId: otherUser,
});

describe('mass assignment', () => {
  it('mass_assignment.refused: every body route refuses tenantId, role, id, createdAt and userId it does not declare', async () => {
    const doc = (await owner.get('/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const before = await snapshotTables(t.db.prisma);
    const failures: string[] = [];
    const portalChecked = new Set<string>();
    let checked = 0;
    for (const route of servedRoutes(t.app)) {
      const operation =
        doc.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const declared = operation?.requestBody?.content['application/json']?.schema.properties;
      if (!declared) continue;
      // Own tenant, made-up object ids: the body is validated before any lookup.
      const values = Object.fromEntries(
        paramsOf(route.url).map((name) => [
          name,
          name === 'tenantId' ? ownTenant : name === 'version' ? '1' : 'x_none',
        ]),
      );
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_all, name: string) => values[name] as string);
      const portal = portalRoute.test(route.url);
      for (const [field, value] of Object.entries(forged())) {
        if (field in declared) continue;
        const response = await (portal ? developer : owner).call(route.method as 'POST', url, {
          [field]: value,
        });
        checked += 1;
        if (portal) portalChecked.add(routeKey(route));
        const body = response.json() as { code?: string; errors?: Array<{ path: string }> };
        const named = body.errors?.some((e) => e.path === field);
        if (response.statusCode !== 422 || body.code !== 'validation_failed' || !named)
          failures.push(
            `${route.method} ${route.url} {${field}}: ${response.statusCode} ${response.body.slice(0, 120)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    // The consumer's own changes were reached with its session (not refused as signed out).
    expect([...portalChecked]).toEqual(
      expect.arrayContaining(['POST /v1/me/keys', 'POST /v1/me/keys/:keyId/rotate']),
    );
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
  });

  it('mass_assignment.with_valid_body: a valid body plus a forged owner field is refused, and the other tenant gains nothing', async () => {
    const base = `/v1/tenants/${ownTenant}`;
    const otherConsumers = await t.db.prisma.consumer.count({ where: { tenantId: otherTenant } });
    const otherKeys = await t.db.prisma.apiKey.count({ where: { tenantId: otherTenant } });
    const cases: Array<[TestClient, string, Record<string, unknown>]> = [
      [owner, `${base}/consumers`, { name: 'Eve', email: 'eve@example.test' }],
      [owner, `${base}/plans`, { name: 'Plan', apiIds: ['api_none'] }],
      [owner, `${base}/invitations`, { email: 'eve@example.test', role: 'viewer' }],
      [owner, '/v1/tokens', { name: 'ci', scopes: ['read'] }],
      [developer, '/v1/me/keys', { name: 'laptop' }],
      [developer, '/v1/me/keys/key_none/rotate', { graceSeconds: 60 }],
    ];
    for (const [client, url, body] of cases) {
      for (const [field, value] of Object.entries(forged())) {
        if (field in body) continue;
        const response = await client.post(url, { ...body, [field]: value });
        expect(response.statusCode, `${url} ${field}`).toBe(422);
        const problem = response.json() as { code: string; errors: Array<{ path: string }> };
        expect(problem.code).toBe('validation_failed');
        expect(problem.errors.map((e) => e.path)).toEqual([field]);
      }
    }
    expect(await t.db.prisma.consumer.count({ where: { tenantId: otherTenant } })).toBe(otherConsumers);
    expect(await t.db.prisma.apiKey.count({ where: { tenantId: otherTenant } })).toBe(otherKeys);
    // The same body without the forged field is accepted, in the caller's own tenant.
    const ownConsumers = await t.db.prisma.consumer.count({ where: { tenantId: ownTenant } });
    const made = await owner.post(`${base}/consumers`, { name: 'Eve', email: 'eve@example.test' });
    expect(made.statusCode).toBe(201);
    expect(await t.db.prisma.consumer.count({ where: { tenantId: ownTenant } })).toBe(ownConsumers + 1);
  });
});
