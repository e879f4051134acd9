import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  declaredRoutes,
  fillParams,
  paramsOf,
  portalRoute,
  routeKey,
  servedRoutes,
} from '../../../test/app-routes.js';
import { snapshotTables } from '../../../test/db-snapshot.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { csrfExemptKey } from '../auth/auth.decorators.js';
import { controllerRoutes } from '../openapi/controller-routes.js';
import { publicRouteKey } from '../openapi/openapi.document.js';

/**
 * The consumer side of isolation, over EVERY route (read from Fastify's route table, so a new
 * route is walked without editing this file):
 * - each developer-portal route with an id answers consumer B 404 for consumer A's objects;
 * - each provider route answers a consumer session exactly as it answers no session at all
 *   (401 wherever a sign-in is needed), even in the consumer's own tenant and with its own ids;
 * and the database does not change.
 */

let t: TestApp;
let a: TestClient;
let b: TestClient;
/** Consumer A's objects (and its tenant's), by the route parameter that names them. */
const ofA: Record<string, string> = {};
/** A tenant neither consumer belongs to. */
let otherSlug: string;

const bodies: Record<string, unknown> = {
  'POST /v1/me/keys/:keyId/rotate': { graceSeconds: 60 },
};

/** Sign-up and sign-in (`@CsrfExempt`): they act on what the body proves, not on a session; and public reads (the portal's plans). */
let publicRoutes: Set<string>;
const isPublic = (route: { method: string; url: string }) => publicRoutes.has(routeKey(route));

beforeAll(async () => {
  t = await startTestApp();
  const owner = t.client();
  const slug = 'iso-me';
  ofA.tenantId = (await owner.signup(slug)).tenantId;
  otherSlug = 'iso-me-other';
  await t.client().signup(otherSlug);
  const base = `/v1/tenants/${ofA.tenantId}`;
  const api = await owner.post(`${base}/apis`, {
    name: 'A',
    basePath: '/a',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  ofA.apiId = api.json().data.id;
  ofA.planId = (await owner.post(`${base}/plans`, { name: 'Free', apiIds: [ofA.apiId] })).json().data.id;
  a = t.client();
  b = t.client();
  ofA.consumerId = (await a.portalSignup(slug, 'a@dev.test')).consumerId;
  await b.portalSignup(slug, 'b@dev.test');
  const issued = await a.post('/v1/me/keys', { name: 'a' });
  expect(issued.statusCode).toBe(201);
  ofA.keyId = issued.json().data.id;
  ofA.subscriptionId = issued.json().data.subscriptionId;
  ofA.tenantSlug = otherSlug;
  publicRoutes = new Set(
    controllerRoutes(t.app.get(ModulesContainer))
      .filter((r) =>
        [csrfExemptKey, publicRouteKey].some((key) => Reflect.getMetadata(key, r.handler) === true),
      )
      .map(routeKey),
  );
});
afterAll(async () => {
  await t?.close();
});

describe('consumer isolation', () => {
  it('me.declared: every portal route is sign-up/sign-in, a public read, or behind ConsumerGuard', () => {
    const served = servedRoutes(t.app).filter((r) => portalRoute.test(r.url));
    const guards = new Map(declaredRoutes(t.app).map((r) => [routeKey(r), r.guards]));
    const problems = served.flatMap((route) =>
      isPublic(route) || guards.get(routeKey(route))?.includes('ConsumerGuard') ? [] : [routeKey(route)],
    );
    expect(problems).toEqual([]);
    expect(served.length).toBeGreaterThan(5);
  });

  it('me-isolation.not_found: every portal route with an id answers 404 to another consumer, and nothing changes', async () => {
    const routes = servedRoutes(t.app).filter(
      (r) => portalRoute.test(r.url) && paramsOf(r.url).length > 0 && !isPublic(r),
    );
    expect(routes.length).toBeGreaterThan(0);
    const before = await snapshotTables(t.db.prisma);
    const failures: string[] = [];
    for (const route of routes) {
      const url = fillParams(route.url, ofA);
      const body =
        route.method === 'GET' || route.method === 'DELETE' ? undefined : (bodies[routeKey(route)] ?? {});
      const response = await b.call(route.method as 'GET', url, body);
      const code = response.headers['content-type']?.includes('json') ? response.json().code : undefined;
      if (response.statusCode !== 404 || code !== 'not_found')
        failures.push(
          `${route.method} ${url} -> ${response.statusCode} ${code ?? response.body.slice(0, 80)}`,
        );
    }
    expect(failures).toEqual([]);
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
    // A's key is still A's and still works for A.
    expect((await a.get('/v1/me/keys')).json().data).toMatchObject([{ id: ofA.keyId, status: 'active' }]);
    console.info(`consumer isolation: ${routes.length} portal routes with ids`);
  });

  it('provider-routes.unauthenticated: a consumer session gets what no session gets on every provider route, and nothing changes', async () => {
    const routes = servedRoutes(t.app).filter((r) => !portalRoute.test(r.url));
    const before = await snapshotTables(t.db.prisma);
    const anonymous = t.client();
    const failures: string[] = [];
    let refused = 0;
    for (const route of routes) {
      // Its own tenant and its own objects: the strongest case for a consumer.
      const values = Object.fromEntries(
        paramsOf(route.url).map((name) => [name, ofA[name] ?? `${name}_none`]),
      );
      const url = fillParams(route.url, values);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const [asConsumer, asNobody] = [
        await a.call(route.method as 'GET', url, body),
        await anonymous.call(route.method as 'GET', url, body),
      ];
      const codeOf = (r: typeof asConsumer) =>
        r.headers['content-type']?.includes('json') ? (r.json() as { code?: string }).code : undefined;
      if (asConsumer.statusCode === 401) refused += 1;
      if (asConsumer.statusCode !== asNobody.statusCode || codeOf(asConsumer) !== codeOf(asNobody)) {
        failures.push(
          `${route.method} ${url}: consumer ${asConsumer.statusCode} ${codeOf(asConsumer)}, nobody ${asNobody.statusCode} ${codeOf(asNobody)}`,
        );
      }
      if (route.url.startsWith('/v1/tenants/') && asConsumer.statusCode !== 401)
        failures.push(`${route.method} ${url}: consumer ${asConsumer.statusCode}, not 401`);
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(20);
    expect(await snapshotTables(t.db.prisma)).toEqual(before);
    // The consumer is still signed in: nothing above ended its session.
    expect((await a.get('/v1/me')).statusCode).toBe(200);
    console.info(`consumer isolation: ${routes.length} provider routes, ${refused} answered 401`);
  });
});
