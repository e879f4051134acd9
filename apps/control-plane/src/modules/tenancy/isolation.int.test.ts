import { type SmtpSink, startSmtpSink } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillParams, paramsOf, portalRoute, routeKey, servedRoutes } from '../../../test/app-routes.js';
import { snapshotTables } from '../../../test/db-snapshot.js';
import { logRequests } from '../../../test/request-log-rows.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/**
 * The isolation guarantee, over EVERY route that takes an id (read from Fastify's route table,
 * so a new route is walked without editing this file): a user of tenant B gets 404 `not_found`
 * for tenant A and for each of tenant A's objects, and the database does not change.
 */

let t: TestApp;
let sink: SmtpSink;
let a: TestClient;
let b: TestClient;
/** Tenant A's objects, by the route parameter that names them. */
const ofA: Record<string, string> = {};
let tenantB: string;

/** Valid bodies, so a 404 cannot hide behind a 422: a route that needs one and has none here fails. */
const bodies: Record<string, unknown> = {
  'POST /v1/tenants/:tenantId/consumers/:consumerId/subscriptions': { planId: 'pln_of_a' },
  'PATCH /v1/tenants/:tenantId/members/:memberId': { role: 'viewer' },
  'POST /v1/tenants/:tenantId/releases/:version/rollback': { reason: 'isolation test' },
  'PATCH /v1/tenants/:tenantId/plans/:planId': { trialDays: 1 },
  'POST /v1/tenants/:tenantId/keys/:keyId/rotate': { graceSeconds: 60 },
  'PATCH /v1/tenants/:tenantId/keys/:keyId': { name: 'isolation test' },
  'PATCH /v1/tenants/:tenantId/apis/:apiId': { name: 'Renamed' },
  'POST /v1/tenants/:tenantId/apis/:apiId/routes': { method: 'GET', pathTemplate: '/iso' },
  'PATCH /v1/tenants/:tenantId/apis/:apiId/routes/:routeId': { name: 'Renamed' },
  'POST /v1/tenants/:tenantId/apis/:apiId/upstream-targets': { url: 'http://127.0.0.1:4011' },
  'PATCH /v1/tenants/:tenantId/apis/:apiId/upstream-targets/:targetId': { weight: 5 },
  'POST /v1/tenants/:tenantId/apis/:apiId/signing-secrets': { secret: 'isolation-secret-0123456789' },
  'PATCH /v1/tenants/:tenantId/identity-providers': {
    jwt: { jwksUrl: 'https://id.example/jwks', issuer: 'https://id.example', audiences: ['a'] },
  },
  'PATCH /v1/tenants/:tenantId/webhook-endpoints/:endpointId': { enabled: false },
  'PUT /v1/tenants/:tenantId/plans/:planId/alert-thresholds': { quotaPercents: [90] },
  'PUT /v1/tenants/:tenantId/domains/:domainId/certificate': {
    certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
  },
};

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: sink.url });
  a = t.client();
  b = t.client();
  ofA.tenantId = (await a.signup('iso-a')).tenantId;
  const base = `/v1/tenants/${ofA.tenantId}`;
  tenantB = (await b.signup('iso-b')).tenantId;

  const api = await a.post(`${base}/apis`, {
    name: 'A',
    basePath: '/a',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  ofA.apiId = api.json().data.id;
  ofA.routeId = (await a.get(`${base}/apis/${ofA.apiId}/routes`)).json().data[0].id;
  ofA.targetId = (
    await a.post(`${base}/apis/${ofA.apiId}/upstream-targets`, { url: 'http://127.0.0.1:4010' })
  ).json().data.id;
  ofA.secretId = (
    await a.post(`${base}/apis/${ofA.apiId}/signing-secrets`, { secret: 'isolation-secret-0123456789' })
  ).json().data.id;
  const plan = await a.post(`${base}/plans`, { name: 'A', apiIds: [api.json().data.id] });
  bodies['POST /v1/tenants/:tenantId/consumers/:consumerId/subscriptions'] = { planId: plan.json().data.id };
  ofA.consumerId = (await a.post(`${base}/consumers`, { name: 'C', email: 'c@example.test' })).json().data.id;
  const subscription = await a.post(`${base}/consumers/${ofA.consumerId}/subscriptions`, {
    planId: plan.json().data.id,
  });
  ofA.planId = plan.json().data.id;
  ofA.subscriptionId = subscription.json().data.id;
  ofA.keyId = (
    await a.post(`${base}/keys`, { subscriptionId: subscription.json().data.id, name: 'k' })
  ).json().data.id;
  ofA.version = '1';
  const endpoint = await a.post(`${base}/webhook-endpoints`, { url: 'http://127.0.0.1:9/hooks' });
  ofA.endpointId = endpoint.json().data.id;
  ofA.deliveryId = (await a.post(`${base}/webhook-endpoints/${ofA.endpointId}/test`)).json().data.id;
  ofA.domainId = (await a.post(`${base}/domains`, { hostname: 'iso-a.example.test' })).json().data.id;
  ofA.requestId = 'req_iso_a';
  await logRequests(t.db.prisma, [
    { requestId: ofA.requestId, tenantId: ofA.tenantId, at: new Date(), status: 200 },
  ]);
  ofA.tokenId = (await a.post('/v1/tokens', { name: 'ci', scopes: ['read'] })).json().data.id;
  ofA.invitationId = (
    await a.post(`${base}/invitations`, { email: 'new@example.test', role: 'viewer' })
  ).json().data.id;
  // A second member of A (a user of its own), so `memberId` names someone removable.
  const second = t.client();
  await second.signup('iso-a-member');
  const secondUser = await t.db.prisma.user.findUniqueOrThrow({
    where: { email: 'iso-a-member@example.test' },
  });
  ofA.memberId = (
    await t.db.prisma.membership.create({
      data: { id: 'mem_iso_a_second', userId: secondUser.id, tenantId: ofA.tenantId, role: 'developer' },
    })
  ).id;
  for (const value of Object.values(ofA)) expect(value).toBeTruthy();
  expect(await t.db.prisma.configVersion.count({ where: { tenantId: tenantB } })).toBe(0);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe('tenant isolation', () => {
  it("isolation.not_found: every route with an id answers 404 to another tenant's user, and nothing changes", async () => {
    // Developer-portal routes answer a member 401 by design: me-isolation.int.test.ts walks them.
    const routes = servedRoutes(t.app).filter((r) => paramsOf(r.url).length > 0 && !portalRoute.test(r.url));
    expect(routes.length).toBeGreaterThan(0);
    const before = await snapshotTables(t.db.prisma);
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const params = paramsOf(route.url);
      const variants = [{ ...ofA }];
      // The same ids of A under B's own tenant: the service, not the guard, must refuse them.
      if (params.includes('tenantId') && params.length > 1) variants.push({ ...ofA, tenantId: tenantB });
      for (const values of variants) {
        const url = fillParams(route.url, values);
        const body =
          route.method === 'GET' || route.method === 'DELETE' ? undefined : (bodies[routeKey(route)] ?? {});
        const response = await b.call(route.method as 'GET', url, body);
        calls += 1;
        const code = response.headers['content-type']?.includes('json') ? response.json().code : undefined;
        if (response.statusCode !== 404 || code !== 'not_found') {
          failures.push(
            `${route.method} ${url} -> ${response.statusCode} ${code ?? response.body.slice(0, 80)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
    console.info(`isolation: ${routes.length} routes with ids, ${calls} calls`);
  });
});
