import { randomBytes } from 'node:crypto';
import { type ConfigSnapshot, signingSecretContext } from '@tollgate/contracts';
import { SecretBox } from '@tollgate/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import { ResealRegistry } from '../secrets/reseal-registry.js';
import { resealSecrets } from '../secrets/reseal-secrets.js';
import { readSigningSecrets } from './api-config/stored-secrets.js';

/** APIs, routes, upstream targets, signing secrets and identity providers through the control plane API. */

let t: TestApp;
let owner: TestClient;
let other: TestClient;
let tenantId: string;
let otherTenantId: string;
let apiId: string;

const base = () => `/v1/tenants/${tenantId}`;
const api = () => `${base()}/apis/${apiId}`;

async function liveSnapshot(id = tenantId): Promise<ConfigSnapshot> {
  const row = await t.db.prisma.configVersion.findFirstOrThrow({
    where: { tenantId: id },
    orderBy: { version: 'desc' },
  });
  return row.snapshot as unknown as ConfigSnapshot;
}

const actions = async () =>
  (await t.db.prisma.auditEvent.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } })).map(
    (e) => e.action,
  );

beforeAll(async () => {
  // apis-a may use loopback upstreams; apis-b may not.
  t = await startTestApp({ ALLOWED_PRIVATE_UPSTREAM_TENANTS: 'apis-a' });
  owner = t.client();
  other = t.client();
  ({ tenantId } = await owner.signup('apis-a'));
  ({ tenantId: otherTenantId } = await other.signup('apis-b'));
  const created = await owner.post(`${base()}/apis`, {
    name: 'Weather',
    description: 'Forecasts',
    basePath: '/weather',
    upstreamUrl: 'http://127.0.0.1:4010/base',
    sandboxUpstreamUrl: 'http://127.0.0.1:4011',
    policies: {
      ipRules: { deny: ['203.0.113.0/24'] },
      apiRateLimit: { limit: 100, windowSeconds: 1, burst: 10 },
    },
  });
  expect(created.statusCode).toBe(201);
  apiId = created.json().data.id;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('APIs', () => {
  it('api.get+list: the API with its policies, catch-all route, no targets and no secrets', async () => {
    const one = await owner.get(api());
    expect(one.statusCode).toBe(200);
    expect(one.json().data).toMatchObject({
      id: apiId,
      description: 'Forecasts',
      version: null,
      policies: { ipRules: { allow: [], deny: ['203.0.113.0/24'] } },
      routes: [{ method: 'ANY', pathTemplate: '/*', name: null, policies: {} }],
      upstreamTargets: [],
      signingSecrets: [],
    });
    expect((await owner.get(`${base()}/apis`)).json().data.map((a: { id: string }) => a.id)).toEqual([apiId]);
    expect((await liveSnapshot()).apis[0]?.policies.apiRateLimit).toEqual({
      limit: 100,
      windowSeconds: 1,
      burst: 10,
    });
  });

  it('api.patch: fields and policies change, audited and published', async () => {
    const patched = await owner.call('PATCH', api(), {
      name: 'Weather v1',
      policies: { cors: { allowedOrigins: ['*'] } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data).toMatchObject({
      name: 'Weather v1',
      policies: { cors: { allowedOrigins: ['*'] } },
    });
    const snapshot = await liveSnapshot();
    expect(snapshot.apis[0]?.name).toBe('Weather v1');
    expect(snapshot.apis[0]?.policies.ipRules).toBeUndefined();
    expect(await actions()).toContain('api.updated');
  });

  it('api.patch.ssrf: an upstream on a private address is 422 for a tenant without the allowance', async () => {
    const mine = await other.post(`/v1/tenants/${otherTenantId}/apis`, {
      name: 'B',
      basePath: '/b',
      upstreamUrl: 'https://api.example.com',
    });
    expect(mine.statusCode).toBe(201);
    const url = `/v1/tenants/${otherTenantId}/apis/${mine.json().data.id}`;
    for (const upstreamUrl of ['http://10.0.0.5', 'http://127.0.0.1:8080', 'http://169.254.169.254']) {
      const refused = await other.call('PATCH', url, { upstreamUrl });
      expect(refused.statusCode, upstreamUrl).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'upstreamUrl' }] });
    }
    // Even an allowed tenant never reaches the metadata service.
    const metadata = await owner.call('PATCH', api(), { sandboxUpstreamUrl: 'http://169.254.169.254' });
    expect(metadata.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'sandboxUpstreamUrl' }],
    });
  });

  it('api.invalid: policy errors are 422 with every field listed, unknown nested fields included', async () => {
    const response = await owner.call('PATCH', api(), {
      policies: {
        cors: { allowedOrigins: ['*'], allowCredentials: true, sendCookies: true },
        retries: 9,
        auth: { mode: 'oauth2' },
      },
    });
    expect(response.statusCode).toBe(422);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['policies.retries']));
    const nested = await owner.call('PATCH', api(), {
      policies: { cors: { allowedOrigins: ['*'], sendCookies: true } },
    });
    expect(nested.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'policies.cors.sendCookies' }],
    });
    const mode = await owner.call('PATCH', api(), { policies: { auth: { mode: 'oauth2' } } });
    expect(mode.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'policies.auth.mode' }],
    });
  });

  it('api.versions: a second version shares the base path; a second fallback or the same version is 409', async () => {
    const v2 = await owner.post(`${base()}/apis`, {
      name: 'Weather v2',
      basePath: '/weather',
      upstreamUrl: 'http://127.0.0.1:4010/base',
      version: { name: 'v2', by: 'path' },
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().data.version).toEqual({ name: 'v2', by: 'path', default: false });
    const again = await owner.post(`${base()}/apis`, {
      name: 'Weather v2 again',
      basePath: '/weather',
      upstreamUrl: 'http://127.0.0.1:4010',
      version: { name: 'v2', by: 'header' },
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'conflict' });
    const secondDefault = await owner.call('PATCH', `${base()}/apis/${v2.json().data.id}`, {
      version: { name: 'v2', by: 'path', default: true },
    });
    expect(secondDefault.json()).toMatchObject({ status: 409, code: 'conflict' });
    const versions = (await liveSnapshot()).apis.filter((a) => a.basePath === '/weather');
    expect(versions.map((a) => a.policies.version?.name ?? null).sort()).toEqual([null, 'v2'].sort());
    expect((await owner.call('DELETE', `${base()}/apis/${v2.json().data.id}`)).statusCode).toBe(204);
  });

  it('api.delete: refused (409) while a plan covers the API, then removed', async () => {
    const doomed = await owner.post(`${base()}/apis`, {
      name: 'Doomed',
      basePath: '/doomed',
      upstreamUrl: 'http://127.0.0.1:4010',
    });
    const doomedId = doomed.json().data.id;
    const plan = await owner.post(`${base()}/plans`, { name: 'Pro', apiIds: [doomedId] });
    expect(plan.statusCode).toBe(201);
    const refused = await owner.call('DELETE', `${base()}/apis/${doomedId}`);
    expect(refused.json()).toMatchObject({ status: 409, code: 'conflict', plans: ['Pro'] });
    await t.db.prisma.planVersion.updateMany({
      where: { planId: plan.json().data.id },
      data: { apiIds: [] },
    });
    expect((await owner.call('DELETE', `${base()}/apis/${doomedId}`)).statusCode).toBe(204);
    expect((await owner.get(`${base()}/apis/${doomedId}`)).json().code).toBe('not_found');
    expect(await actions()).toContain('api.deleted');
  });
});

describe('routes', () => {
  let routeId: string;

  it('route.crud: created, listed, changed, audited and published', async () => {
    const created = await owner.post(`${api()}/routes`, {
      method: 'GET',
      pathTemplate: '/forecast/{city}',
      name: 'Forecast',
      policies: {
        cache: { ttlSeconds: 60 },
        rateLimit: null,
        rewrite: { from: '/forecast/{city}', to: '/v1/f/{city}' },
      },
    });
    expect(created.statusCode).toBe(201);
    routeId = created.json().data.id;
    expect((await owner.get(`${api()}/routes/${routeId}`)).json().data.name).toBe('Forecast');
    const patched = await owner.call('PATCH', `${api()}/routes/${routeId}`, { method: 'ANY' });
    expect(patched.json().data).toMatchObject({ method: 'ANY', pathTemplate: '/forecast/{city}' });
    const route = (await liveSnapshot()).apis
      .find((a) => a.id === apiId)
      ?.routes.find((r) => r.id === routeId);
    expect(route).toMatchObject({ method: 'ANY', policies: { rateLimit: null, cache: { ttlSeconds: 60 } } });
    expect(await actions()).toEqual(expect.arrayContaining(['route.created', 'route.updated']));
  });

  it('route.conflict: the same method and template twice is 409', async () => {
    const twice = await owner.post(`${api()}/routes`, { method: 'ANY', pathTemplate: '/forecast/{city}' });
    expect(twice.json()).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('route.invalid: templates the gateway cannot match and policies that cannot apply are 422', async () => {
    for (const pathTemplate of ['forecast', '/a//b', '/*/x', '/{id}/{id}', '/a/../b']) {
      const response = await owner.post(`${api()}/routes`, { method: 'GET', pathTemplate });
      expect(response.json(), pathTemplate).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'pathTemplate' }],
      });
    }
    const post = await owner.post(`${api()}/routes`, {
      method: 'POST',
      pathTemplate: '/orders',
      policies: { cache: { ttlSeconds: 5 }, rateLimit: { limit: 0, windowSeconds: 1, burst: 1 } },
    });
    expect(post.statusCode).toBe(422);
    expect(post.json().errors.map((e: { path: string }) => e.path)).toEqual(['policies.rateLimit.limit']);
    const cache = await owner.post(`${api()}/routes`, {
      method: 'POST',
      pathTemplate: '/orders',
      policies: { cache: { ttlSeconds: 5 } },
    });
    expect(cache.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'policies.cache' }] });
  });

  it("route.isolation: another tenant's API and route ids are 404", async () => {
    const mine = `/v1/tenants/${otherTenantId}/apis/${apiId}`;
    expect((await other.get(`${mine}/routes`)).json().code).toBe('not_found');
    expect((await other.get(`${mine}/routes/${routeId}`)).json().code).toBe('not_found');
    expect((await other.call('DELETE', `${mine}/routes/${routeId}`)).json().code).toBe('not_found');
    expect((await other.post(`${mine}/upstream-targets`, { url: 'https://a.example' })).json().code).toBe(
      'not_found',
    );
  });

  it('route.delete: gone from the API and the next snapshot', async () => {
    expect((await owner.call('DELETE', `${api()}/routes/${routeId}`)).statusCode).toBe(204);
    expect((await owner.get(`${api()}/routes/${routeId}`)).json().code).toBe('not_found');
    expect((await liveSnapshot()).apis.find((a) => a.id === apiId)?.routes.map((r) => r.id)).not.toContain(
      routeId,
    );
  });
});

describe('upstream targets', () => {
  it('target.crud: targets are balanced in the snapshot; duplicates, other paths and refused addresses are not', async () => {
    const a = await owner.post(`${api()}/upstream-targets`, { url: 'http://127.0.0.1:4012/base', weight: 3 });
    expect(a.statusCode).toBe(201);
    expect(a.json().data).toMatchObject({ url: 'http://127.0.0.1:4012/base', weight: 3 });
    const b = await owner.post(`${api()}/upstream-targets`, { url: 'http://127.0.0.1:4013/base' });
    expect(b.json().data.weight).toBe(100);
    expect((await liveSnapshot()).apis.find((x) => x.id === apiId)?.policies.targets).toEqual([
      { url: 'http://127.0.0.1:4012/base', weight: 3 },
      { url: 'http://127.0.0.1:4013/base', weight: 100 },
    ]);
    const dup = await owner.post(`${api()}/upstream-targets`, { url: 'http://127.0.0.1:4012/base' });
    expect(dup.json()).toMatchObject({ status: 409, code: 'conflict' });
    const path = await owner.post(`${api()}/upstream-targets`, { url: 'http://127.0.0.1:4014/other' });
    expect(path.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'url' }] });
    const metadata = await owner.call('PATCH', `${api()}/upstream-targets/${b.json().data.id}`, {
      url: 'http://169.254.169.254/base',
    });
    expect(metadata.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'url' }] });
    const weight = await owner.call('PATCH', `${api()}/upstream-targets/${b.json().data.id}`, { weight: 1 });
    expect(weight.json().data.weight).toBe(1);
    expect((await owner.call('DELETE', `${api()}/upstream-targets/${a.json().data.id}`)).statusCode).toBe(
      204,
    );
    expect(
      (await owner.get(`${api()}/upstream-targets`)).json().data.map((x: { weight: number }) => x.weight),
    ).toEqual([1]);
    expect(await actions()).toEqual(
      expect.arrayContaining([
        'upstream_target.created',
        'upstream_target.updated',
        'upstream_target.deleted',
      ]),
    );
  });
});

describe('secrets', () => {
  it('signing-secret.rotation: two at most, shown by last four only, removable', async () => {
    const first = await owner.post(`${api()}/signing-secrets`, { secret: 'first-secret-0123456789-aaaa' });
    const second = await owner.post(`${api()}/signing-secrets`, { secret: 'second-secret-0123456789-bbbb' });
    expect(second.json().data.last4).toBe('bbbb');
    const third = await owner.post(`${api()}/signing-secrets`, { secret: 'third-secret-0123456789-cccc' });
    expect(third.json()).toMatchObject({ status: 409, code: 'conflict' });
    const shown = await owner.get(api());
    expect(shown.json().data.signingSecrets.map((s: { last4: string }) => s.last4)).toEqual(['aaaa', 'bbbb']);
    expect(shown.body).not.toContain('first-secret');
    expect((await liveSnapshot()).apis.find((a) => a.id === apiId)?.policies.signingSecrets).toHaveLength(2);
    expect((await owner.call('DELETE', `${api()}/signing-secrets/${first.json().data.id}`)).statusCode).toBe(
      204,
    );
    expect((await owner.call('DELETE', `${api()}/signing-secrets/${first.json().data.id}`)).json().code).toBe(
      'not_found',
    );
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { tenantId, action: { startsWith: 'api.signing_secret' } },
    });
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('secret-0123456789');
  });

  it('oauth2.secret: sealed, masked, kept when left out, rotated when sent; removal refused while used', async () => {
    const url = `${base()}/identity-providers`;
    const oauth2 = { introspectionUrl: 'http://127.0.0.1:4015/introspect', clientId: 'tollgate' };
    const missing = await owner.call('PATCH', url, { oauth2 });
    expect(missing.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'oauth2.clientSecret' }],
    });
    const set = await owner.call('PATCH', url, {
      oauth2: { ...oauth2, clientSecret: 'client-secret-one-1234' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().data.oauth2).toMatchObject({
      clientId: 'tollgate',
      clientSecretSet: true,
      clientSecretLast4: '1234',
    });
    expect(set.body).not.toContain('client-secret-one');
    const kept = await owner.call('PATCH', url, { oauth2: { ...oauth2, clientId: 'tollgate-2' } });
    expect(kept.json().data.oauth2).toMatchObject({ clientId: 'tollgate-2', clientSecretLast4: '1234' });
    const rotated = await owner.call('PATCH', url, {
      oauth2: { ...oauth2, clientSecret: 'client-secret-two-5678' },
    });
    expect(rotated.json().data.oauth2.clientSecretLast4).toBe('5678');
    const row = await t.db.prisma.identityProviders.findUniqueOrThrow({ where: { tenantId } });
    expect(JSON.stringify(row)).not.toContain('client-secret-two');
    expect((await liveSnapshot()).policies.auth?.oauth2?.clientSecret.kid).toBe('mk-test');

    const route = await owner.post(`${api()}/routes`, {
      method: 'GET',
      pathTemplate: '/private',
      policies: { auth: { mode: 'oauth2' } },
    });
    expect(route.statusCode).toBe(201);
    const removal = await owner.call('PATCH', url, { oauth2: null });
    expect(removal.json()).toMatchObject({ status: 409, code: 'conflict' });
    const ssrf = await other.call('PATCH', `/v1/tenants/${otherTenantId}/identity-providers`, {
      jwt: { jwksUrl: 'http://10.1.2.3/jwks', issuer: 'i', audiences: ['a'] },
    });
    expect(ssrf.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'jwt.jwksUrl' }] });
  });

  it('reseal.ok: master key rotation reseals signing and client secrets, which still open to the same text', async () => {
    const current = { kid: t.env.MASTER_KEY_ID, key: Buffer.from(t.env.MASTER_KEY, 'base64') };
    const rotated = new SecretBox({ kid: 'mk-next', key: randomBytes(32) }, [current]);
    const report = await resealSecrets(t.app.get(ResealRegistry), rotated, t.app.get(SnapshotPublisher));
    expect(report.kinds).toEqual(
      expect.arrayContaining([
        { kind: 'api_signing_secret', checked: 1, resealed: 1 },
        { kind: 'oauth2_client_secret', checked: 1, resealed: 1 },
      ]),
    );
    expect(report.republished).toContain(tenantId);
    const row = await t.db.prisma.api.findUniqueOrThrow({ where: { id: apiId } });
    const [secret] = readSigningSecrets(row.signingSecrets);
    expect(secret?.sealed.kid).toBe('mk-next');
    expect(rotated.openString(secret!.sealed, signingSecretContext(tenantId, apiId))).toBe(
      'second-secret-0123456789-bbbb',
    );
    const again = await resealSecrets(t.app.get(ResealRegistry), rotated, t.app.get(SnapshotPublisher));
    expect(again.kinds).toContainEqual({ kind: 'api_signing_secret', checked: 1, resealed: 0 });
  });
});
