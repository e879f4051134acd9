import { redisKeys } from '@tollgate/contracts';
import { type EchoAnswer, type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGateway } from '../../../test/gateway-process.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/**
 * Routes and policies made through the control plane API, served by a real gateway process:
 * what the provider configures is what callers get.
 */

let t: TestApp;
let gateway: GatewayProcess | undefined;
let echo: EchoUpstream;
let owner: TestClient;
let tenantId: string;
let apiId: string;

const apis = () => `/v1/tenants/${tenantId}/apis`;
const routes = () => `${apis()}/${apiId}/routes`;
const callGateway = (path: string, init?: RequestInit) =>
  fetch(`${gateway!.url}/t/gw-routes/weather${path}`, init);

const liveVersion = async () =>
  Number(await t.redis.get(redisKeys.liveConfigVersion(t.env.REDIS_PREFIX, tenantId)));

/** Waits until the gateway serves the tenant's live version (it loads each one on the publish notice). */
async function gatewayServesLive(): Promise<void> {
  const version = await liveVersion();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await owner.get(`/v1/tenants/${tenantId}/releases/live`);
    const served = (response.json().data as Array<{ version: number }>).map((g) => g.version);
    if (served.includes(version)) return;
    if (Date.now() > deadline) throw new Error(`gateway serves ${served.join(',')}, not ${version}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  echo = await startEchoUpstream();
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup('gw-routes'));
  const api = await owner.post(apis(), { name: 'Weather', basePath: '/weather', upstreamUrl: echo.url });
  expect(api.statusCode).toBe(201);
  apiId = api.json().data.id;
  gateway = await startGateway({
    DATABASE_URL: t.db.url,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.env.REDIS_PREFIX,
    KEY_PEPPER: t.env.KEY_PEPPER,
    GATEWAY_ID: 'routes-gw',
    GATEWAY_HEARTBEAT_MS: '100',
    MASTER_KEY: t.env.MASTER_KEY,
    MASTER_KEY_ID: t.env.MASTER_KEY_ID,
  });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await t?.close();
  await echo?.close();
});

describe('routes through the gateway', () => {
  let forecastId: string;

  it('route.anonymous+cors+limit: the gateway answers without a key, does CORS, limits per route', async () => {
    const catchAll = (await owner.get(routes())).json().data[0];
    expect(catchAll).toMatchObject({ method: 'ANY', pathTemplate: '/*' });
    expect((await owner.call('DELETE', `${routes()}/${catchAll.id}`)).statusCode).toBe(204);

    const created = await owner.post(routes(), {
      method: 'GET',
      pathTemplate: '/forecast/{city}',
      name: 'Forecast',
      policies: {
        auth: { mode: 'anonymous' },
        cors: { allowedOrigins: ['https://app.example'] },
        rateLimit: { limit: 2, windowSeconds: 60, burst: 2 },
      },
    });
    expect(created.statusCode).toBe(201);
    forecastId = created.json().data.id;
    expect(created.json().data.policies.cors.allowedOrigins).toEqual(['https://app.example']);
    await gatewayServesLive();

    const first = await callGateway('/forecast/paris', { headers: { origin: 'https://app.example' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(((await first.json()) as EchoAnswer).path).toBe('/forecast/paris');
    expect((await callGateway('/forecast/paris')).status).toBe(200);
    const limited = await callGateway('/forecast/paris');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { code: string }).code).toBe('rate_limited');

    const preflight = await callGateway('/forecast/lyon', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const refused = await callGateway('/forecast/lyon', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(((await refused.json()) as { code: string }).code).toBe('cors_preflight_rejected');
  });

  it('route.not_found: a path no route matches is 404 route_not_found from the gateway', async () => {
    const response = await callGateway('/history/paris');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('route_not_found');
  });

  it('route.key-mode: the API default (key) applies once the override is removed', async () => {
    const patched = await owner.call('PATCH', `${routes()}/${forecastId}`, { policies: {} });
    expect(patched.statusCode).toBe(200);
    await gatewayServesLive();
    const response = await callGateway('/forecast/rome');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('invalid_key');
  });

  it('route.jwt: a route in jwt mode wants a bearer token once the tenant JWT provider is set', async () => {
    const withoutProvider = await owner.post(routes(), {
      method: 'GET',
      pathTemplate: '/alerts',
      policies: { auth: { mode: 'jwt' } },
    });
    expect(withoutProvider.statusCode).toBe(422);
    expect(withoutProvider.json().errors).toEqual([
      { path: 'policies.auth.mode', message: expect.any(String) },
    ]);

    const providers = await owner.call('PATCH', `/v1/tenants/${tenantId}/identity-providers`, {
      jwt: { jwksUrl: `${echo.url}/jwks.json`, issuer: 'https://id.example', audiences: ['weather'] },
    });
    expect(providers.statusCode).toBe(200);
    const route = await owner.post(routes(), {
      method: 'GET',
      pathTemplate: '/alerts',
      policies: { auth: { mode: 'jwt' } },
    });
    expect(route.statusCode).toBe(201);
    await gatewayServesLive();
    const response = await callGateway('/alerts');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('invalid_token');
  });

  it('signing-secret.ok: a secret given in plain text is sealed, and the gateway signs with it', async () => {
    const added = await owner.post(`${apis()}/${apiId}/signing-secrets`, {
      secret: 'whsec-0123456789abcdef-wxyz',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().data).toEqual({
      id: expect.stringMatching(/^sgs_/),
      last4: 'wxyz',
      createdAt: expect.any(String),
    });
    const row = await t.db.prisma.api.findUniqueOrThrow({ where: { id: apiId } });
    expect(JSON.stringify(row)).not.toContain('0123456789abcdef');
    await owner.post(routes(), {
      method: 'GET',
      pathTemplate: '/now',
      policies: { auth: { mode: 'anonymous' } },
    });
    await gatewayServesLive();
    const response = await callGateway('/now');
    expect(response.status).toBe(200);
    const answer = (await response.json()) as EchoAnswer;
    expect(answer.headers['tollgate-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });
});
