import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('auth', () => {
  it('signup.ok: signs in with an HTTP-only, SameSite=Lax session cookie; me, logout, then me is 401', async () => {
    const client = t.client();
    const signup = await client.post('/v1/auth/signup', {
      email: 'Ada@Example.test',
      password: 'correct horse battery',
      name: 'Ada',
      tenantName: 'Acme',
      tenantSlug: 'acme',
    });
    expect(signup.statusCode).toBe(201);
    const body = signup.json();
    expect(body.user).toMatchObject({ email: 'ada@example.test', name: 'Ada' });
    expect(body.tenant).toMatchObject({ slug: 'acme', name: 'Acme' });
    expect(JSON.stringify(body)).not.toContain('password');

    const cookie = signup.cookies.find((c) => c.name === 'tg_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');

    const me = await client.get('/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: body.user.id, email: 'ada@example.test' },
      memberships: [{ tenantId: body.tenant.id, tenantSlug: 'acme', tenantName: 'Acme', role: 'owner' }],
    });

    const sessionCookie = client.cookie;
    const logout = await client.post('/v1/auth/logout');
    expect(logout.statusCode).toBe(204);

    const after = await client.get('/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toContain('application/problem+json');
    expect(after.json()).toMatchObject({ code: 'unauthenticated', status: 401 });

    // The old cookie is dead too: the session row is gone.
    client.cookie = sessionCookie;
    expect((await client.get('/v1/auth/me')).statusCode).toBe(401);
  });

  it('login.ok: answers the memberships and gives a new session id on every login', async () => {
    const owner = t.client();
    const { email, password, tenantId } = await owner.signup('login-ok');

    const client = t.client();
    const first = await client.post('/v1/auth/login', { email, password });
    expect(first.statusCode).toBe(200);
    expect(first.json().memberships).toEqual([
      { tenantId, tenantSlug: 'login-ok', tenantName: 'Tenant login-ok', role: 'owner' },
    ]);
    const firstCookie = client.cookie;
    expect(firstCookie).toBeDefined();

    const second = await client.post('/v1/auth/login', { email: email.toUpperCase(), password });
    expect(second.statusCode).toBe(200);
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(firstCookie);

    const stale = t.client();
    stale.cookie = firstCookie;
    expect((await stale.get('/v1/auth/me')).statusCode).toBe(401);
    expect((await client.get('/v1/auth/me')).statusCode).toBe(200);
  });

  it('login.invalid: a wrong password or an unknown email is 401 invalid_credentials', async () => {
    const { email } = await t.client().signup('login-bad');
    const client = t.client();
    const wrong = await client.post('/v1/auth/login', { email, password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(client.cookie).toBeUndefined();

    const unknown = await client.post('/v1/auth/login', {
      email: 'nobody@example.test',
      password: 'whatever1',
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_credentials');
  });

  it('signup.conflict: a taken email or slug is 409 conflict', async () => {
    const { email } = await t.client().signup('taken');
    const sameEmail = await t.client().post('/v1/auth/signup', {
      email,
      password: 'correct horse battery',
      name: 'Someone',
      tenantName: 'Other',
      tenantSlug: 'other-slug',
    });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().code).toBe('conflict');

    const sameSlug = await t.client().post('/v1/auth/signup', {
      email: 'fresh@example.test',
      password: 'correct horse battery',
      name: 'Someone',
      tenantName: 'Other',
      tenantSlug: 'taken',
    });
    expect(sameSlug.statusCode).toBe(409);
    expect(sameSlug.json().code).toBe('conflict');
  });

  it('signup.invalid: bad and unknown fields are 422 validation_failed, each listed', async () => {
    const response = await t.client().post('/v1/auth/signup', {
      email: 'not-an-email',
      password: 'short',
      name: 'X',
      tenantName: 'Y',
      tenantSlug: 'Bad Slug',
      isAdmin: true,
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    const paths = problem.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['email', 'isAdmin', 'password', 'tenantSlug']);
  });

  it('bad_request: malformed JSON is 400 bad_request', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('bad_request');
  });

  it('not_found: an unknown route is a 404 problem with the request id echoed', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/nope',
      headers: { 'x-request-id': 'req_given-1' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-request-id']).toBe('req_given-1');
    expect(response.json()).toMatchObject({ code: 'not_found', requestId: 'req_given-1' });

    const generated = await t.app.inject({ method: 'GET', url: '/v1/auth/me' });
    expect(generated.headers['x-request-id']).toMatch(/^req_/);
    expect(generated.json().requestId).toBe(generated.headers['x-request-id']);
  });
});
