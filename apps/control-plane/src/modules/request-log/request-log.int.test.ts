import { newId } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDay, logRequests } from '../../../test/request-log-rows.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let owner: TestClient;
let other: TestClient;
let tenantId: string;
let otherTenantId: string;
let routeId: string;
let consumerId: string;

const now = Date.now();
const minutesAgo = (m: number) => new Date(now - m * 60_000);
/** Ten days ago: a day the worker's retention drops. */
const oldDay = new Date(now - 10 * 86_400_000);

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  other = t.client();
  tenantId = (await owner.signup('rlog-a')).tenantId;
  otherTenantId = (await other.signup('rlog-b')).tenantId;
  const api = await owner.post(`/v1/tenants/${tenantId}/apis`, {
    name: 'Echo',
    basePath: '/echo',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  const apiId = api.json().data.id as string;
  routeId = newId('route');
  await t.db.prisma.route.create({
    data: { id: routeId, tenantId, apiId, method: 'GET', pathTemplate: '/items/{id}' },
  });
  consumerId = (
    await owner.post(`/v1/tenants/${tenantId}/consumers`, { name: 'Ada', email: 'ada@example.test' })
  ).json().data.id;
  const common = { tenantId, apiId, routeId, consumerId, keyId: 'key_ada', environment: 'live' as const };
  await logRequests(t.db.prisma, [
    { ...common, requestId: 'req_ok', at: minutesAgo(30), status: 200, path: '/t/rlog-a/echo/items/1' },
    {
      tenantId,
      apiId,
      routeId,
      requestId: 'req_badkey',
      at: minutesAgo(20),
      status: 401,
      path: '/t/rlog-a/echo/items/1',
      clientIp: '203.0.113.9',
      denyCode: 'invalid_key',
      denyStage: 'authenticate',
    },
    ...[1, 2, 3].map((i) => ({
      ...common,
      requestId: `req_limited_${i}`,
      at: minutesAgo(10 - i),
      status: 429,
      denyCode: 'rate_limited',
      denyStage: 'limit',
    })),
    // An older gateway recorded no stage: the catalog's layer stands in.
    { ...common, requestId: 'req_revoked', at: minutesAgo(5), status: 401, denyCode: 'key_revoked' },
    { ...common, requestId: 'req_old', at: oldDay, status: 200 },
    { tenantId: otherTenantId, requestId: 'req_of_b', at: minutesAgo(15), status: 200 },
  ]);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('request log lookup', () => {
  it('request-lookup.ok: an admitted request with its way through every stage', async () => {
    const response = await owner.get(`/v1/tenants/${tenantId}/requests/req_ok`);
    expect(response.statusCode).toBe(200);
    const data = response.json().data;
    expect(data).toMatchObject({
      requestId: 'req_ok',
      method: 'GET',
      path: '/t/rlog-a/echo/items/1',
      status: 200,
      keyId: 'key_ada',
      consumer: { id: consumerId, name: 'Ada' },
      route: { id: routeId, method: 'GET', pathTemplate: '/items/{id}' },
      denial: null,
    });
    expect(data.stagePath).toBe(
      'receive → resolve → authenticate → authorize → limit → transform → proxy ✓ 200',
    );
  });

  it('request-lookup.denied: the deny code, stage, and the catalog reason and status', async () => {
    const data = (await owner.get(`/v1/tenants/${tenantId}/requests/req_badkey`)).json().data;
    expect(data.denial).toMatchObject({ code: 'invalid_key', status: 401, stage: 'authenticate' });
    expect(data.denial.reason.length).toBeGreaterThan(10);
    expect(data.clientIp).toBe('203.0.113.9');
    expect(data.stagePath).toBe('receive → resolve → authenticate ✗ invalid_key');
    const revoked = (await owner.get(`/v1/tenants/${tenantId}/requests/req_revoked`)).json().data;
    expect(revoked.denial).toMatchObject({ code: 'key_revoked', status: 401, stage: 'authorize' });
  });

  it('request-lookup.not-found: unknown ids and other tenants’ requests are 404', async () => {
    const unknown = await owner.get(`/v1/tenants/${tenantId}/requests/req_nope`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const ofB = await owner.get(`/v1/tenants/${tenantId}/requests/req_of_b`);
    expect(ofB.statusCode).toBe(404);
    // B's member cannot read A's log at all.
    expect((await other.get(`/v1/tenants/${tenantId}/requests/req_ok`)).statusCode).toBe(404);
    expect((await other.get(`/v1/tenants/${otherTenantId}/requests/req_of_b`)).statusCode).toBe(200);
  });

  it('request-lookup.retention: a request is found until its day partition is dropped', async () => {
    expect((await owner.get(`/v1/tenants/${tenantId}/requests/req_old`)).statusCode).toBe(200);
    await dropDay(t.db.prisma, oldDay);
    const gone = await owner.get(`/v1/tenants/${tenantId}/requests/req_old`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('not_found');
    // Other days are untouched.
    expect((await owner.get(`/v1/tenants/${tenantId}/requests/req_ok`)).statusCode).toBe(200);
  });
});

describe('denial review', () => {
  it('denials.grouped: by code × consumer × route, newest first, with the reason and samples', async () => {
    const response = await owner.get(`/v1/tenants/${tenantId}/denials`);
    expect(response.statusCode).toBe(200);
    const groups = response.json().data.groups as Array<Record<string, unknown>>;
    expect(groups.map((g) => [g.code, g.requests])).toEqual([
      ['key_revoked', 1],
      ['rate_limited', 3],
      ['invalid_key', 1],
    ]);
    const limited = groups[1]!;
    expect(limited).toMatchObject({
      code: 'rate_limited',
      status: 429,
      stage: 'limit',
      consumer: { id: consumerId, name: 'Ada' },
      route: { id: routeId, pathTemplate: '/items/{id}' },
      sampleRequestIds: ['req_limited_3', 'req_limited_2', 'req_limited_1'],
    });
    expect(String(limited.reason).length).toBeGreaterThan(10);
    expect(groups[2]).toMatchObject({ consumer: null, stage: 'authenticate' });
  });

  it('denials.filtered: by code and consumer; an empty or reversed range is refused', async () => {
    const byCode = await owner.get(`/v1/tenants/${tenantId}/denials?code=invalid_key`);
    expect(byCode.json().data.groups.map((g: { code: string }) => g.code)).toEqual(['invalid_key']);
    const byConsumer = await owner.get(`/v1/tenants/${tenantId}/denials?consumerId=${consumerId}`);
    expect(byConsumer.json().data.groups).toHaveLength(2);
    const reversed = await owner.get(
      `/v1/tenants/${tenantId}/denials?from=${minutesAgo(1).toISOString()}&to=${minutesAgo(60).toISOString()}`,
    );
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().code).toBe('validation_failed');
    const tooLong = await owner.get(
      `/v1/tenants/${tenantId}/denials?from=${new Date(now - 40 * 86_400_000).toISOString()}`,
    );
    expect(tooLong.statusCode).toBe(422);
    const unknownField = await owner.get(`/v1/tenants/${tenantId}/denials?secret=1`);
    expect(unknownField.statusCode).toBe(422);
  });
});

describe('sample request ids', () => {
  it('requests.recent: the newest matching request ids', async () => {
    const limited = await owner.get(`/v1/tenants/${tenantId}/requests?status=429&limit=2`);
    expect(limited.statusCode).toBe(200);
    expect(limited.json().data.map((r: { requestId: string }) => r.requestId)).toEqual([
      'req_limited_3',
      'req_limited_2',
    ]);
    const byKey = await owner.get(`/v1/tenants/${tenantId}/requests?keyId=key_ada&routeId=${routeId}`);
    expect(byKey.json().data.map((r: { requestId: string }) => r.requestId)).toEqual([
      'req_revoked',
      'req_limited_3',
      'req_limited_2',
      'req_limited_1',
      'req_ok',
    ]);
  });
});
