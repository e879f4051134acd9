import { redisChannels, redisKeys } from '@tollgate/contracts';
import { hashKey } from '@tollgate/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { loginFailuresPerAccountMax } from '../auth/login-throttle.service.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
let apiId: string;
let freePlanId: string;
let paidPlanId: string;

const slug = 'me-acme';

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup(slug));
  await t.client().signup('me-other');
  const base = `/v1/tenants/${tenantId}`;
  apiId = (
    await owner.post(`${base}/apis`, {
      name: 'Echo',
      basePath: '/echo',
      upstreamUrl: 'http://127.0.0.1:4010',
    })
  ).json().data.id;
  // Created oldest first: a private free plan and a paid public one, which sign-ups must not get.
  await owner.post(`${base}/plans`, { name: 'Internal', apiIds: [apiId], visibility: 'private' });
  const paid = await owner.post(`${base}/plans`, {
    name: 'Pro',
    apiIds: [apiId],
    pricing: { baseFeeCents: 4900 },
  });
  paidPlanId = paid.json().data.id;
  const free = await owner.post(`${base}/plans`, { name: 'Free', apiIds: [apiId], monthlyQuota: 1000 });
  freePlanId = free.json().data.id;
  expect([paid.statusCode, free.statusCode]).toEqual([201, 201]);
});
afterAll(async () => {
  await t?.close();
});

describe('portal accounts', () => {
  it('portal-signup.ok: creates the consumer and its account, subscribes it to the free public plan, signs in', async () => {
    const dev = t.client();
    const response = await dev.post(`/v1/portal/${slug}/signup`, {
      email: 'Ada@Dev.test',
      password: 'developer horse battery',
      name: 'Ada',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.account).toMatchObject({ email: 'ada@dev.test', name: 'Ada' });
    expect(body.account.id).toMatch(/^cac_/);
    expect(body.tenant).toMatchObject({ id: tenantId, slug });
    expect(body.subscription).toMatchObject({
      planId: freePlanId,
      status: 'active',
      consumerId: body.consumer.id,
    });
    expect(JSON.stringify(body)).not.toContain('password');
    const cookie = response.cookies.find((c) => c.name === 'tg_session');
    expect(cookie?.httpOnly).toBe(true);

    const me = await dev.get('/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ account: { id: body.account.id }, consumer: { id: body.consumer.id } });
    // The provider sees the new consumer like any other.
    const consumers = await owner.get(`/v1/tenants/${tenantId}/consumers`);
    expect(consumers.json().data.map((c: { id: string }) => c.id)).toContain(body.consumer.id);
    // Both records carry the account as a `consumer` actor.
    const events = await t.db.prisma.auditEvent.findMany({
      where: { actorId: body.account.id },
      select: { action: true, actorType: true, tenantId: true },
    });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['consumer.created', 'consumer_account.created']),
    );
    for (const event of events) expect(event).toMatchObject({ actorType: 'consumer', tenantId });
  });

  it('portal-signup.conflict: an email taken on this portal is 409; the same email on another portal is a new account', async () => {
    await t.client().portalSignup(slug, 'twice@dev.test');
    const again = await t.client().post(`/v1/portal/${slug}/signup`, {
      email: 'twice@dev.test',
      password: 'another horse battery',
      name: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const elsewhere = await t.client().post('/v1/portal/me-other/signup', {
      email: 'twice@dev.test',
      password: 'another horse battery',
      name: 'Elsewhere',
    });
    expect(elsewhere.statusCode).toBe(201);
    // That tenant has no free public plan: no subscription.
    expect(elsewhere.json().subscription).toBeNull();
  });

  it('portal-signup.invalid: an unknown portal is 404; bad and unknown fields are 422', async () => {
    const unknown = await t.client().post('/v1/portal/no-such-portal/signup', {
      email: 'x@dev.test',
      password: 'developer horse',
      name: 'X',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const invalid = await t
      .client()
      .post(`/v1/portal/${slug}/signup`, { email: 'nope', password: 'short', name: 'X', tenantId });
    expect(invalid.statusCode).toBe(422);
    expect(
      invalid
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['email', 'password', 'tenantId']);
  });

  it('portal-login.ok: a new session id on every login; the old cookie is dead', async () => {
    const { email, password, accountId } = await t.client().portalSignup(slug, 'login@dev.test');
    const dev = t.client();
    const first = await dev.post(`/v1/portal/${slug}/login`, { email: 'LOGIN@dev.test', password });
    expect(first.statusCode).toBe(200);
    expect(first.json().account.id).toBe(accountId);
    const firstCookie = dev.cookie;
    expect((await dev.post(`/v1/portal/${slug}/login`, { email, password })).statusCode).toBe(200);
    expect(dev.cookie).not.toBe(firstCookie);
    const stale = t.client();
    stale.cookie = firstCookie;
    expect((await stale.get('/v1/me')).statusCode).toBe(401);
    expect((await dev.get('/v1/me')).statusCode).toBe(200);
  });

  it("portal-login.invalid: a wrong password, or this portal's account on another portal, is 401 invalid_credentials", async () => {
    const { email, password } = await t.client().portalSignup(slug, 'scoped@dev.test');
    const wrong = await t.client().post(`/v1/portal/${slug}/login`, { email, password: 'not it at all' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    const otherPortal = await t.client().post('/v1/portal/me-other/login', { email, password });
    expect(otherPortal.statusCode).toBe(401);
    expect(otherPortal.json().code).toBe('invalid_credentials');
    // A provider's credentials are not a portal account either.
    const provider = await t
      .client()
      .post(`/v1/portal/${slug}/login`, { email: `${slug}@example.test`, password: 'correct horse battery' });
    expect(provider.statusCode).toBe(401);
  });

  it('portal-login.throttled: after N wrong passwords the next attempt is 429 with Retry-After, even with the right password', async () => {
    const { email, password } = await t.client().portalSignup(slug, 'throttle@dev.test');
    const dev = t.client();
    dev.remoteAddress = '198.51.100.77';
    for (let i = 0; i < loginFailuresPerAccountMax; i++) {
      expect((await dev.post(`/v1/portal/${slug}/login`, { email, password: `wrong-${i}` })).statusCode).toBe(
        401,
      );
    }
    const blocked = await dev.post(`/v1/portal/${slug}/login`, { email, password });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_login_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('portal-logout.ok: 204, then the session is gone; another portal answers 404 and signs nobody out', async () => {
    const dev = t.client();
    await dev.portalSignup(slug, 'logout@dev.test');
    const elsewhere = await dev.post('/v1/portal/me-other/logout');
    expect(elsewhere.statusCode).toBe(404);
    expect((await dev.get('/v1/me')).statusCode).toBe(200);
    const cookie = dev.cookie;
    expect((await dev.post(`/v1/portal/${slug}/logout`)).statusCode).toBe(204);
    const after = t.client();
    after.cookie = cookie;
    const me = await after.get('/v1/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('unauthenticated');
  });
});

describe('principals stay apart', () => {
  it('consumer.unauthenticated: a consumer session is 401 on provider routes, even in its own tenant', async () => {
    const dev = t.client();
    await dev.portalSignup(slug, 'apart@dev.test');
    for (const url of [
      '/v1/auth/me',
      '/v1/auth/csrf',
      `/v1/tenants/${tenantId}/consumers`,
      `/v1/tenants/${tenantId}/keys`,
    ]) {
      const response = await dev.get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code, url).toBe('unauthenticated');
    }
    const create = await dev.post(`/v1/tenants/${tenantId}/consumers`, { name: 'X', email: 'x@x.test' });
    expect(create.statusCode).toBe(401);
    expect((await dev.post('/v1/tokens', { name: 'steal', scopes: ['read'] })).statusCode).toBe(401);
  });

  it('provider.unauthenticated: a provider session or access token is 401 on /v1/me', async () => {
    const me = await owner.get('/v1/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('unauthenticated');
    expect((await owner.get('/v1/me/keys')).statusCode).toBe(401);
    const token = (await owner.post('/v1/tokens', { name: 'ci', scopes: ['read', 'write'] })).json().token;
    const api = t.client();
    api.bearer = token;
    expect((await api.get('/v1/me')).statusCode).toBe(401);
    expect((await api.get('/v1/me/subscription')).statusCode).toBe(401);
  });

  it('consumer.signin_replaces_provider: signing in on the portal ends the provider session of the same browser', async () => {
    const browser = t.client();
    const { email, password } = await browser.signup('me-both');
    expect((await browser.get('/v1/auth/me')).statusCode).toBe(200);
    await t.client().portalSignup(slug, 'both@dev.test');
    const login = await browser.post(`/v1/portal/${slug}/login`, {
      email: 'both@dev.test',
      password: 'developer horse battery',
    });
    expect(login.statusCode).toBe(200);
    expect((await browser.get('/v1/auth/me')).statusCode).toBe(401);
    expect((await browser.get('/v1/me')).statusCode).toBe(200);
    // And the reverse.
    expect((await browser.post('/v1/auth/login', { email, password })).statusCode).toBe(200);
    expect((await browser.get('/v1/me')).statusCode).toBe(401);
  });

  it('csrf.forbidden: a change with a consumer session and no X-CSRF-Token is 403 csrf_failed', async () => {
    const dev = t.client();
    await dev.portalSignup(slug, 'csrf@dev.test');
    const token = (await dev.get('/v1/me/csrf')).json().token;
    expect(token).toEqual(expect.any(String));
    dev.sendCsrf = false;
    const refused = await dev.post('/v1/me/keys', { name: 'ci' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('csrf_failed');
    expect((await dev.get('/v1/me/keys')).json().data).toEqual([]);
  });
});

describe('/v1/me', () => {
  it('me-keys.ok: issue (shown once), list own keys, rotate, revoke with invalidation', async () => {
    const dev = t.client();
    const { consumerId, accountId } = await dev.portalSignup(slug, 'keys@dev.test');
    const issued = await dev.post('/v1/me/keys', { name: 'laptop', scopes: [apiId] });
    expect(issued.statusCode).toBe(201);
    const { key, data } = issued.json();
    expect(key).toMatch(/^tg_live_/);
    expect(data).toMatchObject({ name: 'laptop', consumerId, status: 'active', scopes: [apiId] });
    const record = JSON.parse(
      (await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hashKey(key, t.env.KEY_PEPPER)))) ?? 'null',
    );
    expect(record).toMatchObject({ keyId: data.id, status: 'active' });

    // A key the provider issued to another consumer is not in the list.
    const other = await t.client().portalSignup(slug, 'keys-other@dev.test');
    const otherSubscription = await t.db.prisma.subscription.findFirstOrThrow({
      where: { consumerId: other.consumerId },
    });
    await owner.post(`/v1/tenants/${tenantId}/keys`, {
      subscriptionId: otherSubscription.id,
      name: 'theirs',
    });
    const listed = await dev.get('/v1/me/keys');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data.map((k: { id: string }) => k.id)).toEqual([data.id]);
    expect(JSON.stringify(listed.json())).not.toContain(key);

    const rotated = await dev.post(`/v1/me/keys/${data.id}/rotate`, { graceSeconds: 60 });
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json().data).toMatchObject({ rotatedFromId: data.id, consumerId });
    const revoked = await dev.delete(`/v1/me/keys/${rotated.json().data.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data).toMatchObject({ status: 'revoked' });
    const newHash = hashKey(rotated.json().key, t.env.KEY_PEPPER);
    expect(
      JSON.parse((await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, newHash))) ?? 'null'),
    ).toMatchObject({ status: 'revoked' });
    await expect
      .poll(() => t.notices.get(redisChannels.keyInvalidated(t.env.REDIS_PREFIX)))
      .toEqual(expect.arrayContaining([{ keyHash: newHash }]));
    const actions = await t.db.prisma.auditEvent.findMany({
      where: { actorId: accountId },
      select: { action: true, actorType: true },
    });
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['key.issued', 'key.rotated', 'key.revoked']),
    );
    expect(new Set(actions.map((a) => a.actorType))).toEqual(new Set(['consumer']));
  });

  it("me-keys.invalid: another consumer's subscription is 422; without any subscription too", async () => {
    const other = await t.client().portalSignup(slug, 'sub-other@dev.test');
    const theirs = await t.db.prisma.subscription.findFirstOrThrow({
      where: { consumerId: other.consumerId },
    });
    const dev = t.client();
    await dev.portalSignup(slug, 'sub-mine@dev.test');
    const response = await dev.post('/v1/me/keys', { name: 'x', subscriptionId: theirs.id });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toEqual(['subscriptionId']);
    const bare = t.client();
    await bare.portalSignup('me-other', 'bare@dev.test');
    const none = await bare.post('/v1/me/keys', { name: 'x' });
    expect(none.statusCode).toBe(422);
    expect((await bare.get('/v1/me/subscription')).json()).toEqual({ data: null });
  });

  it("me-alerts.ok: the caller's unresolved alerts only (the portal's banner flag), never another consumer's", async () => {
    const dev = t.client();
    const mine = await dev.portalSignup(slug, 'banner@dev.test');
    const other = await t.client().portalSignup(slug, 'banner-other@dev.test');
    expect((await dev.get('/v1/me/alerts')).json()).toEqual({ data: [] });

    const alertOf = async (consumerId: string, id: string, thresholdPercent: number, resolved: boolean) => {
      const subscription = await t.db.prisma.subscription.findFirstOrThrow({ where: { consumerId } });
      await t.db.prisma.alertState.create({
        data: {
          id,
          tenantId,
          subscriptionId: subscription.id,
          consumerId,
          planId: subscription.planId,
          thresholdPercent,
          quota: 1000,
          usedCalls: thresholdPercent * 10,
          periodStart: subscription.currentPeriodStart,
          periodEnd: subscription.currentPeriodEnd,
          eventId: `evt_${id}`,
          ...(resolved ? { resolvedAt: new Date(), resolvedReason: 'period_ended' } : {}),
        },
      });
    };
    await alertOf(mine.consumerId, 'alr_mine_80', 80, false);
    await alertOf(mine.consumerId, 'alr_mine_50', 50, true);
    await alertOf(other.consumerId, 'alr_other_80', 80, false);

    const response = await dev.get('/v1/me/alerts');
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject([
      { id: 'alr_mine_80', consumerId: mine.consumerId, thresholdPercent: 80, resolvedAt: null },
    ]);
    expect((await owner.get('/v1/me/alerts')).statusCode).toBe(401);
  });

  it('me-subscription.ok: the plan, its terms, the period and the quota the gateways have counted', async () => {
    const dev = t.client();
    await dev.portalSignup(slug, 'quota@dev.test');
    const response = await dev.get('/v1/me/subscription');
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data).toMatchObject({
      planId: freePlanId,
      plan: { id: freePlanId, name: 'Free' },
      terms: { version: 1, monthlyQuota: 1000, apiIds: [apiId], pricing: { baseFeeCents: 0 } },
      quota: { limit: 1000, used: 0, periodStart: data.currentPeriodStart },
    });
    await t.redis.set(
      redisKeys.quota(t.env.REDIS_PREFIX, data.id, Date.parse(data.currentPeriodStart) / 1000),
      '42',
    );
    expect((await dev.get('/v1/me/subscription')).json().data.quota.used).toBe(42);
    expect(paidPlanId).not.toBe(freePlanId);
  });

  it("me-usage.ok: only the calls of the consumer's own keys", async () => {
    const dev = t.client();
    await dev.portalSignup(slug, 'usage@dev.test');
    const mine = (await dev.post('/v1/me/keys', { name: 'mine' })).json().data;
    const otherClient = t.client();
    const other = await otherClient.portalSignup(slug, 'usage-other@dev.test');
    const theirs = (await otherClient.post('/v1/me/keys', { name: 'theirs' })).json().data;
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    const row = (keyId: string, subscriptionId: string, statusClass: number, calls: number) => ({
      tenantId,
      apiId,
      keyId,
      subscriptionId,
      minute,
      statusClass,
      calls,
    });
    await t.db.prisma.usageRollup.createMany({
      data: [
        row(mine.id, mine.subscriptionId, 2, 7),
        row(mine.id, mine.subscriptionId, 4, 2),
        row(theirs.id, theirs.subscriptionId, 2, 1000),
      ],
    });
    const usage = await dev.get('/v1/me/usage?granularity=hour');
    expect(usage.statusCode).toBe(200);
    const buckets = usage.json().data as Array<{ calls: number; callsByStatusClass: Record<string, number> }>;
    expect(buckets.reduce((sum, b) => sum + b.calls, 0)).toBe(9);
    expect(buckets.reduce((sum, b) => sum + b.callsByStatusClass['4xx']!, 0)).toBe(2);
    // Another consumer, or its key, is not found, as for an object of another tenant.
    for (const query of [`consumerId=${other.consumerId}`, `keyId=${theirs.id}`]) {
      const refused = await dev.get(`/v1/me/usage?${query}`);
      expect(refused.statusCode, query).toBe(404);
      expect(refused.json().code, query).toBe('not_found');
    }
    const own = await dev.get(`/v1/me/usage?granularity=hour&keyId=${mine.id}`);
    expect(own.json().data.reduce((sum: number, b: { calls: number }) => sum + b.calls, 0)).toBe(9);
    // The same answer as a CSV file, like the provider's usage export.
    const csv = await dev.get('/v1/me/usage?granularity=hour&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="usage-hour-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...lines] = csv.body.trimEnd().split('\r\n');
    expect(header).toMatch(/^start,calls,/);
    expect(lines.reduce((sum, line) => sum + Number(line.split(',')[1]), 0)).toBe(9);
  });
});

describe('openapi', () => {
  it('openapi.portal: portal routes are documented with the portal session scheme; sign-up and sign-in need none', async () => {
    const doc = (await t.client().get('/v1/openapi.json')).json();
    expect(doc.components.securitySchemes.portalSession).toMatchObject({ type: 'apiKey', in: 'cookie' });
    for (const [path, method] of [
      ['/v1/me', 'get'],
      ['/v1/me/keys', 'post'],
      ['/v1/me/keys/{keyId}', 'delete'],
      ['/v1/me/usage', 'get'],
      ['/v1/portal/{tenantSlug}/logout', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ portalSession: [] }]);
    }
    expect(doc.paths['/v1/portal/{tenantSlug}/signup'].post.security).toEqual([]);
    expect(doc.paths['/v1/portal/{tenantSlug}/login'].post.requestBody).toBeDefined();
    expect(doc.paths['/v1/me/keys/{keyId}'].delete.responses['404']).toBeDefined();
  });
});
