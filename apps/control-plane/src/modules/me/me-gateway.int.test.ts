import { type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGateway } from '../../../test/gateway-process.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/** A key a developer issues for itself on the portal is served by a real gateway, counted, and refused once revoked. */

let t: TestApp;
let upstream: EchoUpstream;
let gateway: GatewayProcess | undefined;
let dev: TestClient;

const slug = 'me-gateway';

async function gatewayAnswer(key: string): Promise<{ status: number; code?: string }> {
  if (!gateway) throw new Error('no gateway');
  const response = await fetch(`${gateway.url}/t/${slug}/echo/ping`, { headers: { 'x-api-key': key } });
  const text = await response.text();
  if (response.status === 200) return { status: 200 };
  return { status: response.status, code: (JSON.parse(text) as { code: string }).code };
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  t = await startTestApp();
  const owner = t.client();
  const { tenantId } = await owner.signup(slug);
  const base = `/v1/tenants/${tenantId}`;
  const api = await owner.post(`${base}/apis`, {
    name: 'Echo',
    basePath: '/echo',
    upstreamUrl: upstream.url,
  });
  const plan = await owner.post(`${base}/plans`, {
    name: 'Free',
    apiIds: [api.json().data.id],
    monthlyQuota: 100,
  });
  expect(plan.statusCode).toBe(201);
  gateway = await startGateway({
    DATABASE_URL: t.db.url,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.env.REDIS_PREFIX,
    KEY_PEPPER: t.env.KEY_PEPPER,
    GATEWAY_ID: 'me-gateway-gw',
  });
  dev = t.client();
  await dev.portalSignup(slug, 'gw@dev.test');
});
afterAll(async () => {
  await gateway?.stop();
  await t?.close();
  await upstream?.close();
});

describe('portal keys through a real gateway', () => {
  it('me-key.gateway: an issued key is served and counted against the quota; refused with key_revoked after DELETE', async () => {
    const issued = await dev.post('/v1/me/keys', { name: 'cli' });
    expect(issued.statusCode).toBe(201);
    const { key, data } = issued.json();
    for (let i = 0; i < 3; i++) expect(await gatewayAnswer(key)).toEqual({ status: 200 });
    const subscription = (await dev.get('/v1/me/subscription')).json().data;
    expect(subscription.quota).toMatchObject({ limit: 100, used: 3 });

    const revoked = await dev.delete(`/v1/me/keys/${data.id}`);
    expect(revoked.statusCode).toBe(200);
    await expect
      .poll(() => gatewayAnswer(key), { timeout: 5_000 })
      .toEqual({ status: 401, code: 'key_revoked' });
  });
});
