import { type ConfigSnapshot, type KeyRecord, redisChannels, redisKeys } from '@tollgate/contracts';
import { hashKey } from '@tollgate/keys';
import { type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGateway } from '../../../test/gateway-process.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

/**
 * A provider moves a subscription to another plan of its tenant: the same key is served at once
 * under the new plan's limits by a real gateway, with the period's quota count carried over; the
 * gateways hear of a config carrying the new plan version before any key record names it.
 */

let t: TestApp;
let upstream: EchoUpstream;
let gateway: GatewayProcess | undefined;
let owner: TestClient;
let tenantId: string;
let consumerId: string;
let subscriptionId: string;
let key: string;
const plans: Record<'loose' | 'tight' | 'otherApi' | 'versioned' | 'archived', string> = {
  loose: '',
  tight: '',
  otherApi: '',
  versioned: '',
  archived: '',
};
/** Every message on the app's config and key channels, in the order Redis delivered them. */
const heard: Array<{ channel: 'config' | 'key'; message: string }> = [];
let listener: Redis | undefined;

const slug = 'change-plan';
const base = () => `/v1/tenants/${tenantId}`;
const moveUrl = () => `${base()}/consumers/${consumerId}/subscriptions/${subscriptionId}/move`;

async function createPlan(body: Record<string, unknown>): Promise<string> {
  const response = await owner.post(`${base()}/plans`, body);
  expect(response.statusCode).toBe(201);
  return response.json().data.id;
}

/** Calls the gateway admitted (each counted against the subscription's quota). */
let admitted = 0;

async function call(): Promise<{ status: number; code?: string; policy: string; state: string }> {
  if (!gateway) throw new Error('no gateway');
  const response = await fetch(`${gateway.url}/t/${slug}/echo/ping`, { headers: { 'x-api-key': key } });
  const text = await response.text();
  if (response.status === 200) admitted += 1;
  return {
    status: response.status,
    ...(response.status === 200 ? {} : { code: (JSON.parse(text) as { code: string }).code }),
    policy: response.headers.get('ratelimit-policy') ?? '',
    state: response.headers.get('ratelimit') ?? '',
  };
}

async function keyRecord(): Promise<KeyRecord> {
  const stored = await t.redis.get(redisKeys.keyIndex(t.env.REDIS_PREFIX, hashKey(key, t.env.KEY_PEPPER)));
  return JSON.parse(stored ?? 'null') as KeyRecord;
}

async function latestSnapshot(): Promise<ConfigSnapshot> {
  const row = await t.db.prisma.configVersion.findFirstOrThrow({
    where: { tenantId },
    orderBy: { version: 'desc' },
  });
  return row.snapshot as unknown as ConfigSnapshot;
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup(slug));
  const apiId = (
    await owner.post(`${base()}/apis`, { name: 'Echo', basePath: '/echo', upstreamUrl: upstream.url })
  ).json().data.id;
  const otherApiId = (
    await owner.post(`${base()}/apis`, { name: 'Other', basePath: '/other', upstreamUrl: upstream.url })
  ).json().data.id;
  plans.loose = await createPlan({ name: 'Loose', apiIds: [apiId], monthlyQuota: 100 });
  plans.tight = await createPlan({
    name: 'Tight',
    apiIds: [apiId],
    rateLimit: { limit: 1, windowSeconds: 60, burst: 2 },
    monthlyQuota: 1000,
    visibility: 'private',
  });
  plans.otherApi = await createPlan({ name: 'Other API only', apiIds: [otherApiId] });
  // Version 1 has no subscriber and is not current: the live config does not carry it.
  plans.versioned = await createPlan({ name: 'Versioned', apiIds: [apiId], monthlyQuota: 500 });
  expect(
    (await owner.call('PATCH', `${base()}/plans/${plans.versioned}`, { monthlyQuota: 600 })).statusCode,
  ).toBe(200);
  plans.archived = await createPlan({ name: 'Retired', apiIds: [apiId] });
  await t.db.prisma.plan.update({ where: { id: plans.archived }, data: { archivedAt: new Date() } });

  consumerId = (await owner.post(`${base()}/consumers`, { name: 'Ada', email: 'ada@example.test' })).json()
    .data.id;
  const subscribed = await owner.post(`${base()}/consumers/${consumerId}/subscriptions`, {
    planId: plans.loose,
  });
  subscriptionId = subscribed.json().data.id;
  const issued = await owner.post(`${base()}/keys`, { subscriptionId, name: 'ci' });
  expect(issued.statusCode).toBe(201);
  key = issued.json().key;

  listener = new Redis(t.env.REDIS_URL);
  const channels = {
    [redisChannels.configPublished(t.env.REDIS_PREFIX)]: 'config',
    [redisChannels.keyInvalidated(t.env.REDIS_PREFIX)]: 'key',
  } as const;
  await listener.subscribe(...Object.keys(channels));
  listener.on('message', (channel: string, message: string) => {
    const name = channels[channel];
    if (name) heard.push({ channel: name, message });
  });

  gateway = await startGateway({
    DATABASE_URL: t.db.url,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.env.REDIS_PREFIX,
    KEY_PEPPER: t.env.KEY_PEPPER,
    GATEWAY_ID: 'change-plan-gw',
  });
});
afterAll(async () => {
  listener?.disconnect();
  await gateway?.stop();
  await t?.close();
  await upstream?.close();
});

describe('change a subscription’s plan (provider)', () => {
  it('change-plan.gateway: the same key gets the new plan’s rate limit at once; counted calls stay counted', async () => {
    for (let i = 0; i < 3; i++) expect(await call()).toMatchObject({ status: 200 });

    const moved = await owner.post(moveUrl(), { planId: plans.tight });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toMatchObject({ id: subscriptionId, planId: plans.tight, planVersion: 1 });
    expect(await keyRecord()).toMatchObject({ planId: plans.tight, planVersion: 1 });

    // The first answer under the new plan names its rate policy (the ones before it were served
    // under the old plan, which has none): burst 2 admits it and one more, then refuses.
    await expect
      .poll(call, { timeout: 5_000, interval: 50 })
      .toMatchObject({ status: 200, policy: expect.stringContaining('"rate";q=1;w=60') });
    const second = await call();
    expect(second).toMatchObject({ status: 200 });
    expect(await call()).toMatchObject({ status: 429, code: 'rate_limited' });
    // Every call admitted this period, under either plan, counts against the new quota of 1000.
    expect(admitted).toBeGreaterThanOrEqual(5);
    expect(second.state).toMatch(new RegExp(`"quota";r=${1000 - admitted};`));

    const [event] = await t.db.prisma.auditEvent.findMany({
      where: { tenantId, action: 'subscription.plan_changed', targetId: subscriptionId },
    });
    expect(event).toMatchObject({
      actorType: 'user',
      before: { planId: plans.loose, planVersion: 1 },
      after: { planId: plans.tight, planVersion: 1 },
    });
  });

  it('change-plan.key_not_allowed: a plan that does not cover the key’s API refuses it; moving back serves it again', async () => {
    expect((await owner.post(moveUrl(), { planId: plans.otherApi })).statusCode).toBe(200);
    await expect
      .poll(call, { timeout: 5_000, interval: 50 })
      .toMatchObject({ status: 403, code: 'key_not_allowed' });
    expect((await owner.post(moveUrl(), { planId: plans.loose })).statusCode).toBe(200);
    await expect.poll(call, { timeout: 5_000, interval: 50 }).toMatchObject({ status: 200 });
  });

  it('move.order: a config carrying the new version is announced before any key record names it', async () => {
    const liveBefore = (await latestSnapshot()).version;
    expect((await latestSnapshot()).plans.some((p) => p.id === plans.versioned && p.version === 1)).toBe(
      false,
    );
    heard.length = 0;

    const moved = await owner.post(moveUrl(), { planId: plans.versioned, planVersion: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toMatchObject({ planId: plans.versioned, planVersion: 1 });
    const live = await latestSnapshot();
    expect(live.version).toBe(liveBefore + 1);
    expect(live.plans.some((p) => p.id === plans.versioned && p.version === 1)).toBe(true);
    await expect.poll(() => heard.map((h) => h.channel)).toEqual(['config', 'key']);
    expect(JSON.parse(heard[0]?.message ?? '{}')).toMatchObject({ tenantId, version: live.version });

    // Within the same plan too (the version move of before): version 2 is current, so carried already.
    heard.length = 0;
    const back = await owner.post(moveUrl(), { planVersion: 2 });
    expect(back.json().data).toMatchObject({ planId: plans.versioned, planVersion: 2 });
    await expect.poll(() => heard.map((h) => h.channel)).toEqual(['key']);
    expect((await latestSnapshot()).version).toBe(live.version);
    await expect.poll(call, { timeout: 5_000, interval: 50 }).toMatchObject({
      status: 200,
      policy: expect.stringContaining('"quota";q=600'),
    });

    const actions = await t.db.prisma.auditEvent.findMany({
      where: { tenantId, targetId: subscriptionId },
      orderBy: { createdAt: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action).slice(-2)).toEqual([
      'subscription.plan_changed',
      'subscription.moved',
    ]);
  });

  it('change-plan.invalid: an archived plan is 422 plan_unavailable; another tenant’s plan or an unknown version is 422 validation_failed; nothing changes', async () => {
    const other = t.client();
    const { tenantId: otherTenantId } = await other.signup('change-plan-b');
    const otherApi = await other.post(`/v1/tenants/${otherTenantId}/apis`, {
      name: 'B',
      basePath: '/b',
      upstreamUrl: upstream.url,
    });
    const otherPlan = await other.post(`/v1/tenants/${otherTenantId}/plans`, {
      name: 'B plan',
      apiIds: [otherApi.json().data.id],
    });
    expect(otherPlan.statusCode).toBe(201);
    const before = await t.db.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });

    const archived = await owner.post(moveUrl(), { planId: plans.archived });
    expect([archived.statusCode, archived.json().code]).toEqual([422, 'plan_unavailable']);
    const foreign = await owner.post(moveUrl(), { planId: otherPlan.json().data.id });
    expect([foreign.statusCode, foreign.json().code]).toEqual([422, 'validation_failed']);
    expect(foreign.json().errors[0].path).toBe('planId');
    const version = await owner.post(moveUrl(), { planId: plans.tight, planVersion: 7 });
    expect([version.statusCode, version.json().code]).toEqual([422, 'validation_failed']);
    expect(version.json().errors[0].path).toBe('planVersion');
    const unknownField = await owner.post(moveUrl(), { planId: plans.tight, price: 0 });
    expect(unknownField.statusCode).toBe(422);

    // Another tenant's member cannot move this subscription at all.
    const elsewhere = await other.post(
      `/v1/tenants/${otherTenantId}/consumers/${consumerId}/subscriptions/${subscriptionId}/move`,
      { planId: otherPlan.json().data.id },
    );
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([404, 'not_found']);

    const after = await t.db.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(after).toEqual(before);
  });

  it('move.archived: a subscription already on an archived plan may still move between its versions', async () => {
    const archivedSubscription = await t.db.prisma.subscription.create({
      data: {
        id: 'sub_change_plan_archived',
        tenantId,
        consumerId,
        planId: plans.archived,
        planVersionId: (
          await t.db.prisma.planVersion.findFirstOrThrow({ where: { planId: plans.archived, version: 1 } })
        ).id,
        currentPeriodStart: new Date(),
        currentPeriodEnd: new Date(Date.now() + 86_400_000),
      },
    });
    const moved = await owner.post(
      `${base()}/consumers/${consumerId}/subscriptions/${archivedSubscription.id}/move`,
      { planVersion: 1 },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json().data).toMatchObject({ planId: plans.archived, planVersion: 1 });
  });
});
