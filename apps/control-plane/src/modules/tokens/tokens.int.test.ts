import type { PrismaClient } from '@tollgate/db';
import { hashKey } from '@tollgate/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { PRISMA } from '../../infra/tokens.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function createToken(client: TestClient, body: object): Promise<{ token: string; id: string }> {
  const response = await client.post('/v1/tokens', body);
  expect(response.statusCode).toBe(201);
  const { token, data } = response.json() as { token: string; data: { id: string } };
  return { token, id: data.id };
}

function bearerClient(token: string): TestClient {
  const client = t.client();
  client.bearer = token;
  return client;
}

describe('personal access tokens', () => {
  it('create-token.ok: shown once, stored only as a hash, listed without the token', async () => {
    const owner = t.client();
    const { userId } = await owner.signup('pat-create');
    const response = await owner.post('/v1/tokens', { name: 'ci', scopes: ['read', 'write'] });
    expect(response.statusCode).toBe(201);
    const { token, data } = response.json();
    expect(token).toMatch(/^tgp_[A-Za-z0-9_-]{43}$/);
    expect(data).toMatchObject({ name: 'ci', scopes: ['read', 'write'], revokedAt: null, expiresAt: null });
    expect(token.startsWith(data.prefix)).toBe(true);

    const list = await owner.get('/v1/tokens');
    expect(list.json().data).toHaveLength(1);
    expect(list.body).not.toContain(token);

    // The whole table, as a dump would show it: the hash, never the token.
    const rows = await t.app.get<PrismaClient>(PRISMA).$queryRaw<Array<{ hash: string; user_id: string }>>`
      SELECT * FROM personal_access_tokens`;
    const row = rows.find((r) => r.user_id === userId);
    expect(row?.hash).toBe(hashKey(token, t.env.KEY_PEPPER));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('token-auth.ok: a write token acts as its user on tenant routes, with no CSRF token and no cookie', async () => {
    const owner = t.client();
    const { tenantId, userId } = await owner.signup('pat-write');
    const { token } = await createToken(owner, { name: 'ci', scopes: ['read', 'write'] });
    const bot = bearerClient(token);
    const me = await bot.get('/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(userId);
    const created = await bot.post(`/v1/tenants/${tenantId}/consumers`, {
      name: 'Bot',
      email: 'bot@pat.test',
    });
    expect(created.statusCode).toBe(201);
  });

  it('token-scope.forbidden: a read token may read but a change is 403 forbidden', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('pat-read');
    const { token } = await createToken(owner, { name: 'dashboards', scopes: ['read'] });
    const bot = bearerClient(token);
    expect((await bot.get(`/v1/tenants/${tenantId}/consumers`)).statusCode).toBe(200);
    const refused = await bot.post(`/v1/tenants/${tenantId}/consumers`, {
      name: 'Bot',
      email: 'bot@pat.test',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await owner.get(`/v1/tenants/${tenantId}/consumers`)).json().data).toEqual([]);
  });

  it('token-session-only.forbidden: a token cannot manage tokens', async () => {
    const owner = t.client();
    await owner.signup('pat-manage');
    const { token } = await createToken(owner, { name: 'ci', scopes: ['read', 'write'] });
    const bot = bearerClient(token);
    const response = await bot.post('/v1/tokens', { name: 'escalate', scopes: ['write'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('token-revoked.unauthenticated: a revoked, expired or unknown token is 401', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('pat-revoke');
    const { token, id } = await createToken(owner, { name: 'ci', scopes: ['read'] });
    expect((await bearerClient(token).get('/v1/auth/me')).statusCode).toBe(200);

    const revoked = await owner.post(`/v1/tokens/${id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data.revokedAt).not.toBeNull();
    const after = await bearerClient(token).get(`/v1/tenants/${tenantId}/consumers`);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');

    const soon = await createToken(owner, {
      name: 'short',
      scopes: ['read'],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await bearerClient(soon.token).get('/v1/auth/me')).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await bearerClient(soon.token).get('/v1/auth/me')).statusCode).toBe(401);

    const unknown = await bearerClient(`tgp_${'A'.repeat(43)}`).get('/v1/auth/me');
    expect(unknown.statusCode).toBe(401);
    expect((await bearerClient('garbage').get('/v1/auth/me')).statusCode).toBe(401);
  });

  it("revoke-token.not_found: another user's token is 404 and stays live", async () => {
    const owner = t.client();
    await owner.signup('pat-owner');
    const { token, id } = await createToken(owner, { name: 'ci', scopes: ['read'] });
    const stranger = t.client();
    await stranger.signup('pat-stranger');
    const response = await stranger.post(`/v1/tokens/${id}/revoke`);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
    expect((await bearerClient(token).get('/v1/auth/me')).statusCode).toBe(200);
  });

  it('create-token.invalid: no scopes, an unknown scope, a past expiry or unknown fields are 422', async () => {
    const owner = t.client();
    await owner.signup('pat-invalid');
    const response = await owner.post('/v1/tokens', {
      name: '',
      scopes: ['admin'],
      userId: 'usr_x',
    });
    expect(response.statusCode).toBe(422);
    const paths = response
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['name', 'scopes.0', 'userId']);
    const past = await owner.post('/v1/tokens', {
      name: 'old',
      scopes: ['read'],
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors[0].path).toBe('expiresAt');
    expect((await t.client().post('/v1/tokens', { name: 'x', scopes: ['read'] })).statusCode).toBe(401);
  });
});
