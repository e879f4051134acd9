import { type KeyRecord, redisChannels, redisKeys } from '@tollgate/contracts';
import { hashKey } from '@tollgate/keys';
import { type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGateway } from '../../../test/gateway-process.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let upstream: EchoUpstream;
let gateway: GatewayProcess | undefined;
let owner: TestClient;
let tenantId: string;
let apiId: string;
let subscriptionId: string;

const slug = 'key-rotation';
const base = () => `/v1/tenants/${tenantId}`;

async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function keyRecord(key: string): Promise<KeyRecord> {
  const stored = await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hashKey(key, t.env.KEY_PEPPER)));
  return JSON.parse(stored ?? 'null') as KeyRecord;
}

/** What a real gateway answers for this key: status and deny code (if any). */
async function gatewayAnswer(key: string): Promise<{ status: number; code?: string }> {
  if (!gateway) throw new Error('no gateway');
  const response = await fetch(`${gateway.url}/t/${slug}/echo/ping`, { headers: { 'x-api-key': key } });
  const text = await response.text();
  if (response.status === 200) return { status: 200 };
  return { status: response.status, code: (JSON.parse(text) as { code: string }).code };
}

async function issue(body: Record<string, unknown> = {}): Promise<{ key: string; id: string }> {
  const response = await owner.post(`${base()}/keys`, { subscriptionId, name: 'ci', ...body });
  expect(response.statusCode).toBe(201);
  return { key: response.json().key, id: response.json().data.id };
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup(slug));
  const api = await owner.post(`${base()}/apis`, {
    name: 'Echo',
    basePath: '/echo',
    upstreamUrl: upstream.url,
  });
  apiId = api.json().data.id;
  const plan = await owner.post(`${base()}/plans`, { name: 'Free', apiIds: [apiId] });
  const consumer = await owner.post(`${base()}/consumers`, { name: 'Ada', email: 'ada@example.test' });
  const subscription = await owner.post(`${base()}/consumers/${consumer.json().data.id}/subscriptions`, {
    planId: plan.json().data.id,
  });
  subscriptionId = subscription.json().data.id;
  gateway = await startGateway({
    DATABASE_URL: t.db.url,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.env.REDIS_PREFIX,
    KEY_PEPPER: t.env.KEY_PEPPER,
    GATEWAY_ID: 'key-rotation-gw',
  });
});
afterAll(async () => {
  await gateway?.stop();
  await t?.close();
  await upstream?.close();
});

describe('keys', () => {
  it('issue-key.ok: expiry and scopes reach the KeyRecord', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { key } = await issue({ expiresAt, scopes: [apiId] });
    expect(await keyRecord(key)).toMatchObject({ expiresAt, scopes: [apiId], graceEndsAt: null });
  });

  it('issue-key.invalid: a scope outside the plan and a past expiry are 422 with each field', async () => {
    const response = await owner.post(`${base()}/keys`, {
      subscriptionId,
      name: 'ci',
      scopes: ['api_nope'],
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('validation_failed');
    expect(
      response
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['expiresAt', 'scopes.0']);
  });

  it('list-keys.prefix: only keys whose display prefix starts with the filter', async () => {
    const { key, id } = await issue({ name: 'filtered' });
    const listed = await owner.get(`${base()}/keys?prefix=${encodeURIComponent(key.slice(0, 14))}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data.map((k: { id: string }) => k.id)).toEqual([id]);
    const none = await owner.get(`${base()}/keys?prefix=tg_test_`);
    expect(none.json().data).toEqual([]);
    const bad = await owner.get(`${base()}/keys?owner=x`);
    expect(bad.statusCode).toBe(422);
  });

  it('rotate-key.ok: both keys answer during the grace period, the old one is refused after', async () => {
    const old = await issue();
    expect(await gatewayAnswer(old.key)).toEqual({ status: 200 });

    const before = Date.now();
    const rotated = await owner.post(`${base()}/keys/${old.id}/rotate`, { graceSeconds: 2 });
    expect(rotated.statusCode).toBe(201);
    const body = rotated.json();
    expect(body.key).not.toBe(old.key);
    expect(body.data).toMatchObject({
      subscriptionId,
      status: 'active',
      rotatedFromId: old.id,
      graceEndsAt: null,
    });
    expect(body.previous).toMatchObject({ id: old.id, status: 'active' });

    const oldRecord = await keyRecord(old.key);
    const graceEndsAt = Date.parse(oldRecord.graceEndsAt ?? '');
    expect(graceEndsAt).toBeGreaterThanOrEqual(before + 2_000 - 50);
    expect(graceEndsAt).toBeLessThanOrEqual(Date.now() + 2_000 + 50);
    expect(await keyRecord(body.key)).toMatchObject({
      keyId: body.data.id,
      status: 'active',
      graceEndsAt: null,
    });
    await eventually(() =>
      expect(t.notices.get(redisChannels.keyInvalidated(t.env.REDIS_PREFIX))).toEqual(
        expect.arrayContaining([
          { keyHash: hashKey(old.key, t.env.KEY_PEPPER) },
          { keyHash: hashKey(body.key, t.env.KEY_PEPPER) },
        ]),
      ),
    );

    expect(await gatewayAnswer(old.key)).toEqual({ status: 200 });
    expect(await gatewayAnswer(body.key)).toEqual({ status: 200 });

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEndsAt - Date.now() + 100)));
    expect(await gatewayAnswer(old.key)).toEqual({ status: 401, code: 'key_expired' });
    expect(await gatewayAnswer(body.key)).toEqual({ status: 200 });

    // Its grace is over: no second successor.
    const again = await owner.post(`${base()}/keys/${old.id}/rotate`, { graceSeconds: 60 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
  });

  it('rotate-key.no-grace: with grace 0 the old key is refused at once', async () => {
    const old = await issue();
    const rotated = await owner.post(`${base()}/keys/${old.id}/rotate`, { graceSeconds: 0 });
    expect(rotated.statusCode).toBe(201);
    const record = await keyRecord(old.key);
    expect(Date.parse(record.graceEndsAt ?? '')).toBeLessThanOrEqual(Date.now());
    await eventually(async () =>
      expect(await gatewayAnswer(old.key)).toEqual({ status: 401, code: 'key_expired' }),
    );
    expect(await gatewayAnswer(rotated.json().key)).toEqual({ status: 200 });
  });

  it('rotate-key.invalid: a grace over 30 days or a missing one is 422', async () => {
    const { id } = await issue();
    for (const body of [{ graceSeconds: 30 * 86_400 + 1 }, {}, { graceSeconds: -1 }]) {
      const response = await owner.post(`${base()}/keys/${id}/rotate`, body);
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('validation_failed');
    }
  });

  it('rotate-key.revoked: a revoked key cannot be rotated (409), and revoke is refused by the gateway', async () => {
    const { id, key } = await issue();
    expect((await owner.post(`${base()}/keys/${id}/revoke`)).statusCode).toBe(200);
    await eventually(
      async () => expect(await gatewayAnswer(key)).toEqual({ status: 401, code: 'key_revoked' }),
      1_000,
    );
    const response = await owner.post(`${base()}/keys/${id}/rotate`, { graceSeconds: 60 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('conflict');
  });

  it("rotate-key.not-found: another tenant's key is 404 and gets no successor", async () => {
    const { id } = await issue();
    const intruder = t.client();
    const { tenantId: otherTenantId } = await intruder.signup('key-rotation-b');
    const response = await intruder.post(`/v1/tenants/${otherTenantId}/keys/${id}/rotate`, {
      graceSeconds: 60,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
    expect(await t.db.prisma.apiKey.count({ where: { rotatedFromId: id } })).toBe(0);
  });
});

describe('key IP rules and changes', () => {
  const patch = (id: string, body: unknown) => owner.call('PATCH', `${base()}/keys/${id}`, body);

  it('key-ip-rules.ok: allow and deny lists reach the gateway on issue and on PATCH', async () => {
    // The gateway sees this test's calls from 127.0.0.1.
    const { key, id } = await issue({ ipRules: { allow: ['10.0.0.0/8', '2001:db8::/32'] } });
    expect(await keyRecord(key)).toMatchObject({
      ipRules: { allow: ['10.0.0.0/8', '2001:db8::/32'], deny: [] },
    });
    expect(await gatewayAnswer(key)).toEqual({ status: 403, code: 'ip_not_allowed' });

    const allowed = await patch(id, { ipRules: { allow: ['127.0.0.0/8'] } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().data.ipRules).toEqual({ allow: ['127.0.0.0/8'], deny: [] });
    await eventually(async () => expect(await gatewayAnswer(key)).toEqual({ status: 200 }));

    expect((await patch(id, { ipRules: { deny: ['127.0.0.1'] } })).statusCode).toBe(200);
    await eventually(async () =>
      expect(await gatewayAnswer(key)).toEqual({ status: 403, code: 'ip_not_allowed' }),
    );

    const cleared = await patch(id, { ipRules: null });
    expect(cleared.json().data.ipRules).toBeNull();
    await eventually(async () => expect(await gatewayAnswer(key)).toEqual({ status: 200 }));
    expect((await keyRecord(key)).ipRules).toBeNull();

    // A rotation keeps the rules.
    expect((await patch(id, { ipRules: { deny: ['192.0.2.0/24'] } })).statusCode).toBe(200);
    const rotated = await owner.post(`${base()}/keys/${id}/rotate`, { graceSeconds: 60 });
    expect(rotated.json().data.ipRules).toEqual({ allow: [], deny: ['192.0.2.0/24'] });
  });

  it('key-ip-rules.invalid: entries that are not IPs or CIDRs are 422, on issue and on PATCH', async () => {
    const issued = await owner.post(`${base()}/keys`, {
      subscriptionId,
      name: 'ci',
      ipRules: { allow: ['10.0.0.0/33', 'example.com'] },
    });
    expect(issued.statusCode).toBe(422);
    expect(issued.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'ipRules.allow.0',
      'ipRules.allow.1',
    ]);
    const { id } = await issue();
    const patched = await patch(id, { ipRules: { deny: ['300.1.1.1'], other: [] } });
    expect(patched.statusCode).toBe(422);
    expect(
      patched
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['ipRules.deny.0', 'ipRules.other']);
  });

  it('update-key.ok: name, expiry and scopes change at once in the gateway; the change is audited', async () => {
    const { key, id } = await issue();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const changed = await patch(id, { name: 'renamed', expiresAt, scopes: [apiId] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().data).toMatchObject({ name: 'renamed', expiresAt, scopes: [apiId] });
    expect(await keyRecord(key)).toMatchObject({ expiresAt, scopes: [apiId] });
    const expired = await patch(id, { expiresAt: new Date(Date.now() + 300).toISOString() });
    expect(expired.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await eventually(async () =>
      expect(await gatewayAnswer(key)).toEqual({ status: 401, code: 'key_expired' }),
    );
    const events = await t.db.prisma.auditEvent.findMany({ where: { targetId: id, action: 'key.updated' } });
    expect(events).toHaveLength(2);
    expect(events.find((e) => (e.after as { name: string }).name === 'renamed')?.before).toMatchObject({
      name: 'ci',
    });
  });

  it('update-key.invalid: a past expiry, a scope outside the plan, an empty body are 422; a revoked key is 409', async () => {
    const { id } = await issue();
    const bad = await patch(id, { expiresAt: '2020-01-01T00:00:00Z', scopes: ['api_nope'] });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['expiresAt', 'scopes.0']);
    expect((await patch(id, {})).statusCode).toBe(422);
    expect((await owner.post(`${base()}/keys/${id}/revoke`)).statusCode).toBe(200);
    const revoked = await patch(id, { name: 'x' });
    expect(revoked.statusCode).toBe(409);
    expect(revoked.json().code).toBe('conflict');
    const missing = await patch('key_none', { name: 'x' });
    expect(missing.statusCode).toBe(404);
  });
});
