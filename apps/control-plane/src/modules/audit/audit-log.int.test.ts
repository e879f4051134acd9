import type { MembershipRole } from '@tollgate/db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { KeyIndexProjector } from '../projections/key-index.projector.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
let ownerId: string;
const base = () => `/v1/tenants/${tenantId}`;
const members = new Map<MembershipRole, { client: TestClient; userId: string }>();

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ({ tenantId, userId: ownerId } = await owner.signup('audit-log'));
  for (const role of ['admin', 'developer', 'finance', 'viewer'] as const) {
    const client = t.client();
    const { userId } = await client.signup(`audit-log-${role}`);
    await t.db.prisma.membership.create({ data: { id: `mem_audit_${role}`, userId, tenantId, role } });
    members.set(role, { client, userId });
  }
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const auditCount = (where: object = {}) => t.db.prisma.auditEvent.count({ where: { tenantId, ...where } });

let consumers = 0;
async function createConsumer(client: TestClient, name: string): Promise<string> {
  consumers += 1;
  const response = await client.post(`${base()}/consumers`, { name, email: `c${consumers}@example.test` });
  expect(response.statusCode).toBe(201);
  return response.json().data.id;
}

describe('audit log: one transaction with the change', () => {
  it('audit.rollback_after_write: a failure at commit, after the audit write, leaves neither the change nor the event', async () => {
    // A deferred trigger fails the commit itself, after both the consumer and its event were written.
    await t.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'consumer.created' AND NEW.after->>'name' = 'Doomed' THEN
          RAISE EXCEPTION 'forced failure at commit';
        END IF;
        RETURN NULL;
      END $$`);
    await t.db.prisma.$executeRawUnsafe(`
      CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT ON audit_events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_commit()`);
    const consumers = await t.db.prisma.consumer.count({ where: { tenantId } });
    const events = await auditCount();

    const response = await owner.post(`${base()}/consumers`, {
      name: 'Doomed',
      email: 'doomed@example.test',
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe('internal_error');
    expect(await t.db.prisma.consumer.count({ where: { tenantId } })).toBe(consumers);
    expect(await auditCount()).toBe(events);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { requestId: response.headers['x-request-id'] as string },
      }),
    ).toBe(0);
    // The same call without the forced failure commits both.
    await createConsumer(owner, 'Survivor');
    expect(await auditCount()).toBe(events + 1);
  });

  it('audit.rollback_after_write: a key whose index write fails after its audit event is not issued, and the event is gone', async () => {
    const api = await owner.post(`${base()}/apis`, {
      name: 'A',
      basePath: '/a',
      upstreamUrl: 'http://127.0.0.1:4010',
    });
    const plan = await owner.post(`${base()}/plans`, { name: 'P', apiIds: [api.json().data.id] });
    const consumerId = await createConsumer(owner, 'Keyholder');
    const subscription = await owner.post(`${base()}/consumers/${consumerId}/subscriptions`, {
      planId: plan.json().data.id,
    });
    const keys = await t.db.prisma.apiKey.count({ where: { tenantId } });
    const issued = await auditCount({ action: 'key.issued' });
    vi.spyOn(t.app.get(KeyIndexProjector), 'project').mockRejectedValueOnce(new Error('redis down'));

    const response = await owner.post(`${base()}/keys`, {
      subscriptionId: subscription.json().data.id,
      name: 'k',
    });
    expect(response.statusCode).toBe(500);
    expect(await t.db.prisma.apiKey.count({ where: { tenantId } })).toBe(keys);
    expect(await auditCount({ action: 'key.issued' })).toBe(issued);
  });

  it('audit.refused_change: a refused change (conflict, last owner) writes no event', async () => {
    const first = await owner.post(`${base()}/consumers`, { name: 'Twin', email: 'twin@example.test' });
    expect(first.statusCode).toBe(201);
    const events = await auditCount();
    const twin = await owner.post(`${base()}/consumers`, { name: 'Twin', email: 'twin@example.test' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().code).toBe('conflict');
    const leave = await owner.post(`${base()}/leave`);
    expect(leave.statusCode).toBe(409);
    expect(leave.json().code).toBe('last_owner');
    expect(await auditCount()).toBe(events);
  });
});

describe('audit log: append-only in the database', () => {
  it('audit.update_refused: the database refuses UPDATE, DELETE and TRUNCATE of audit events', async () => {
    const [event] = await t.db.prisma.auditEvent.findMany({ where: { tenantId }, take: 1 });
    expect(event).toBeDefined();
    await expect(
      t.db.prisma.$executeRaw`UPDATE audit_events SET action = 'forged' WHERE id = ${event?.id}`,
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.prisma.auditEvent.update({ where: { id: event?.id }, data: { after: {} } }),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRaw`DELETE FROM audit_events WHERE id = ${event?.id}`).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.prisma.$executeRawUnsafe('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    const unchanged = await t.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: event?.id as string } });
    expect(unchanged).toEqual(event);
  });

  it("audit.tenant_cascade: deleting a tenant still removes that tenant's events (and only those)", async () => {
    const other = t.client();
    const { tenantId: doomed } = await other.signup('audit-doomed');
    expect(await t.db.prisma.auditEvent.count({ where: { tenantId: doomed } })).toBeGreaterThan(0);
    const kept = await auditCount();
    await t.db.prisma.tenant.delete({ where: { id: doomed } });
    expect(await t.db.prisma.auditEvent.count({ where: { tenantId: doomed } })).toBe(0);
    expect(await auditCount()).toBe(kept);
  });
});

describe('GET /audit-events', () => {
  it('audit.list.pages: newest first, cursor pages without gaps or repeats, limit at most 200', async () => {
    const names = ['Page1', 'Page2', 'Page3', 'Page4', 'Page5'];
    const created: string[] = [];
    for (const name of names) created.push(await createConsumer(owner, name));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `action=consumer.created&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(`${base()}/audit-events?${query}`);
      expect(page.statusCode).toBe(200);
      const body = page.json() as {
        data: Array<{ target: { id: string }; createdAt: string }>;
        nextCursor: string | null;
      };
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((e) => e.target.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    // The five just made come first, newest first.
    expect(seen.slice(0, 5)).toEqual([...created].reverse());
    expect(pages).toBe(Math.ceil(seen.length / 2));

    const tooMany = await owner.get(`${base()}/audit-events?limit=201`);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().code).toBe('validation_failed');
    const badCursor = await owner.get(`${base()}/audit-events?cursor=not-a-cursor`);
    expect(badCursor.statusCode).toBe(422);
    expect(badCursor.json().errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('audit.list.filters: action, actor, target and time window', async () => {
    const admin = members.get('admin');
    const adminsConsumer = await createConsumer(admin?.client as TestClient, 'ByAdmin');
    const byActor = (await owner.get(`${base()}/audit-events?actorId=${admin?.userId}`)).json();
    expect(byActor.data.map((e: { target: { id: string } }) => e.target.id)).toEqual([adminsConsumer]);
    expect(byActor.data[0]).toMatchObject({
      action: 'consumer.created',
      actor: { type: 'user', id: admin?.userId, tokenId: null },
      target: { type: 'consumer', id: adminsConsumer },
      before: null,
      after: { name: 'ByAdmin', email: expect.stringMatching(/@example\.test$/), externalId: null },
      requestId: expect.any(String),
    });

    const byTarget = (
      await owner.get(`${base()}/audit-events?targetType=consumer&targetId=${adminsConsumer}`)
    ).json();
    expect(byTarget.data).toHaveLength(1);
    const signup = (await owner.get(`${base()}/audit-events?action=tenant.created`)).json();
    expect(signup.data).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: ownerId }),
        target: { type: 'tenant', id: tenantId },
      }),
    ]);

    const at = byActor.data[0].createdAt as string;
    const later = new Date(Date.parse(at) + 1).toISOString();
    const inWindow = (
      await owner.get(`${base()}/audit-events?actorId=${admin?.userId}&from=${at}&to=${later}`)
    ).json();
    expect(inWindow.data).toHaveLength(1);
    const beforeIt = (await owner.get(`${base()}/audit-events?actorId=${admin?.userId}&to=${at}`)).json();
    expect(beforeIt.data).toHaveLength(0);
    const unknown = await owner.get(`${base()}/audit-events?actorId=x&color=red`);
    expect(unknown.statusCode).toBe(422);
  });

  it('audit.token_actor: a change made with a personal access token names the token', async () => {
    const created = await owner.post('/v1/tokens', { name: 'ci', scopes: ['read', 'write'] });
    expect(created.statusCode).toBe(201);
    const withToken = t.client();
    withToken.bearer = created.json().token;
    const consumerId = await createConsumer(withToken, 'ByToken');
    const events = (await owner.get(`${base()}/audit-events?targetId=${consumerId}`)).json().data;
    expect(events).toEqual([
      expect.objectContaining({ actor: { type: 'user', id: ownerId, tokenId: created.json().data.id } }),
    ]);
  });

  it('audit.forbidden: developer, finance and viewer get 403; admin may read; another tenant gets 404', async () => {
    for (const role of ['developer', 'finance', 'viewer'] as const) {
      const client = members.get(role)?.client as TestClient;
      for (const path of ['audit-events', 'audit-events/export']) {
        const response = await client.get(`${base()}/${path}`);
        expect(response.statusCode, `${role} ${path}`).toBe(403);
        expect(response.json().code).toBe('forbidden');
      }
    }
    expect((await members.get('admin')?.client.get(`${base()}/audit-events`))?.statusCode).toBe(200);
    const stranger = t.client();
    await stranger.signup('audit-stranger');
    for (const path of ['audit-events', 'audit-events/export?format=ndjson']) {
      const response = await stranger.get(`${base()}/${path}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('not_found');
    }
  });
});

describe('GET /audit-events/export', () => {
  it('audit.export.csv: a CSV file of the matching events, with a header and JSON summaries quoted', async () => {
    const consumerId = await createConsumer(owner, '=HYPERLINK("x"), really');
    const response = await owner.get(`${base()}/audit-events/export?format=csv&action=consumer.created`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="audit-events-.*\.csv"/);
    const lines = response.body.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(
      'id,createdAt,action,actorType,actorId,tokenId,targetType,targetId,requestId,ip,userAgent,before,after',
    );
    const expected = await auditCount({ action: 'consumer.created' });
    expect(lines).toHaveLength(expected + 1);
    const row = lines.find((line) => line.includes(consumerId)) as string;
    expect(row).toContain(`,consumer.created,user,${ownerId},,consumer,${consumerId},`);
    // The JSON summary is one quoted cell, its quotes doubled.
    expect(row).toContain('"{""name"":""=HYPERLINK(\\""x\\""), really""');
    expect(lines.slice(1).every((line) => line.includes(',consumer.created,'))).toBe(true);
  });

  it('audit.export.ndjson: one JSON event per line, same filters, newest first', async () => {
    const response = await owner.get(`${base()}/audit-events/export?format=ndjson&targetType=consumer`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const events = response.body
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { target: { type: string }; createdAt: string });
    expect(events).toHaveLength(await auditCount({ targetType: 'consumer' }));
    expect(events.every((e) => e.target.type === 'consumer')).toBe(true);
    const times = events.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const bad = await owner.get(`${base()}/audit-events/export?format=xml`);
    expect(bad.statusCode).toBe(422);
  });
});
