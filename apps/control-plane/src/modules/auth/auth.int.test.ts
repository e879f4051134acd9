import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { loginFailuresPerAccountMax, loginFailuresPerIpMax } from './login-throttle.service.js';

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

describe('csrf', () => {
  it('csrf.forbidden: a change made with the session cookie and no or a wrong X-CSRF-Token is 403 csrf_failed', async () => {
    const client = t.client();
    const { tenantId } = await client.signup('csrf-refused');
    client.sendCsrf = false;
    const body = { name: 'Ada', email: 'ada@csrf.test' };

    const missing = await client.post(`/v1/tenants/${tenantId}/consumers`, body);
    expect(missing.statusCode).toBe(403);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().code).toBe('csrf_failed');

    const wrong = await t.app.inject({
      method: 'POST',
      url: `/v1/tenants/${tenantId}/consumers`,
      headers: { cookie: `tg_session=${client.cookie}`, 'x-csrf-token': 'not-the-token' },
      payload: body,
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('csrf_failed');

    expect((await client.post('/v1/auth/logout')).json().code).toBe('csrf_failed');
    expect((await client.get(`/v1/tenants/${tenantId}/consumers`)).json().data).toEqual([]);
  });

  it("csrf.ok: with the token of the same session the change goes through; another session's token is refused", async () => {
    const client = t.client();
    const { tenantId } = await client.signup('csrf-ok');
    const csrf = await client.get('/v1/auth/csrf');
    expect(csrf.statusCode).toBe(200);
    const token = csrf.json().token as string;

    const ok = await t.app.inject({
      method: 'POST',
      url: `/v1/tenants/${tenantId}/consumers`,
      headers: { cookie: `tg_session=${client.cookie}`, 'x-csrf-token': token },
      payload: { name: 'Ada', email: 'ada@csrf.test' },
    });
    expect(ok.statusCode).toBe(201);

    const other = t.client();
    await other.signup('csrf-other');
    const crossed = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: `tg_session=${other.cookie}`, 'x-csrf-token': token },
    });
    expect(crossed.statusCode).toBe(403);
    expect(crossed.json().code).toBe('csrf_failed');
  });

  it('csrf.rotated: the token changes with the session id at login, and the old one is refused', async () => {
    const client = t.client();
    const { email, password } = await client.signup('csrf-rotate');
    const before = (await client.get('/v1/auth/csrf')).json().token as string;
    expect((await client.post('/v1/auth/login', { email, password })).statusCode).toBe(200);
    const after = (await client.get('/v1/auth/csrf')).json().token as string;
    expect(after).not.toBe(before);
    const stale = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: `tg_session=${client.cookie}`, 'x-csrf-token': before },
    });
    expect(stale.json().code).toBe('csrf_failed');
  });

  it('csrf.unauthenticated: GET /v1/auth/csrf without a session is 401', async () => {
    const response = await t.client().get('/v1/auth/csrf');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });
});

describe('login throttling', () => {
  it('throttle.account: after N wrong passwords the next attempt is 429 with Retry-After, even with the right password', async () => {
    const { email, password } = await t.client().signup('throttle-acct');
    const client = t.client();
    client.remoteAddress = '198.51.100.1';
    for (let i = 0; i < loginFailuresPerAccountMax; i++) {
      const wrong = await client.post('/v1/auth/login', { email, password: `wrong-${i}` });
      expect(wrong.statusCode).toBe(401);
    }
    const blocked = await client.post('/v1/auth/login', { email, password });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_login_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(client.cookie).toBeUndefined();

    // From another address too: the counter is the account's.
    const elsewhere = t.client();
    elsewhere.remoteAddress = '198.51.100.2';
    expect((await elsewhere.post('/v1/auth/login', { email, password })).statusCode).toBe(429);
  });

  it('throttle.reset: a success clears the account counter', async () => {
    const { email, password } = await t.client().signup('throttle-reset');
    const client = t.client();
    client.remoteAddress = '198.51.100.3';
    for (let i = 0; i < loginFailuresPerAccountMax - 1; i++) {
      await client.post('/v1/auth/login', { email, password: 'wrong-password' });
    }
    expect((await client.post('/v1/auth/login', { email, password })).statusCode).toBe(200);
    for (let i = 0; i < loginFailuresPerAccountMax - 1; i++) {
      expect((await client.post('/v1/auth/login', { email, password: 'wrong-password' })).statusCode).toBe(
        401,
      );
    }
    expect((await client.post('/v1/auth/login', { email, password })).statusCode).toBe(200);
  });

  it('throttle.ip: one address guessing across accounts is 429 after the per-address maximum', async () => {
    const { email, password } = await t.client().signup('throttle-ip');
    const attacker = t.client();
    attacker.remoteAddress = '203.0.113.9';
    for (let i = 0; i < loginFailuresPerIpMax; i++) {
      const response = await attacker.post('/v1/auth/login', {
        email: `victim-${i}@example.test`,
        password: 'guess',
      });
      expect(response.statusCode).toBe(401);
    }
    const blocked = await attacker.post('/v1/auth/login', { email, password });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_login_attempts');

    const honest = t.client();
    honest.remoteAddress = '203.0.113.10';
    expect((await honest.post('/v1/auth/login', { email, password })).statusCode).toBe(200);
  });
});
