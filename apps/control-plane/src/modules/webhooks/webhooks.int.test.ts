import {
  bullPrefix,
  newId,
  notificationsQueue,
  sealedSecretSchema,
  webhookDeliverJob,
  webhookDeliverJobId,
} from '@tollgate/contracts';
import { SecretBox } from '@tollgate/secrets';
import { webhookSecretContext } from '@tollgate/webhooks';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let queue: Queue;

beforeAll(async () => {
  t = await startTestApp();
  queue = new Queue(notificationsQueue, {
    connection: { url: t.env.REDIS_URL },
    prefix: bullPrefix(t.env.REDIS_PREFIX),
  });
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

async function owner(slug: string): Promise<{ client: TestClient; tenantId: string; base: string }> {
  const client = t.client();
  const { tenantId } = await client.signup(slug);
  return { client, tenantId, base: `/v1/tenants/${tenantId}` };
}

/** A new owner with one endpoint at a public address. */
async function ownerWithEndpoint(slug: string) {
  const o = await owner(slug);
  const created = await o.client.post(`${o.base}/webhook-endpoints`, { url: 'https://hooks.example.test/' });
  expect(created.statusCode, created.body).toBe(201);
  return { ...o, endpointId: created.json().data.id as string };
}

const auditOf = (tenantId: string, action: string) =>
  t.db.prisma.auditEvent.findMany({ where: { tenantId, action }, orderBy: { id: 'asc' } });

const opened = (endpointId: string, sealed: string) =>
  t.app
    .get(SecretBox)
    .openString(sealedSecretSchema.parse(JSON.parse(sealed)), webhookSecretContext(endpointId));

describe('webhook endpoints', () => {
  it('create-endpoint.ok: the secret is shown once, sealed at rest, and never in a read or the audit log', async () => {
    const { client, tenantId, base } = await owner('wh-create');
    const response = await client.post(`${base}/webhook-endpoints`, {
      url: 'https://hooks.example.test/tollgate',
      description: 'billing',
      events: ['usage.threshold_crossed', 'usage.threshold_crossed'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const { secret, data } = response.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(data).toMatchObject({
      url: 'https://hooks.example.test/tollgate',
      description: 'billing',
      events: ['usage.threshold_crossed'],
      enabled: true,
      previousSecretExpiresAt: null,
    });

    const list = await client.get(`${base}/webhook-endpoints`);
    const one = await client.get(`${base}/webhook-endpoints/${data.id}`);
    expect(list.json().data).toHaveLength(1);
    expect(one.json().data.id).toBe(data.id);
    for (const read of [list, one]) expect(read.body).not.toContain(secret);

    const row = await t.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: data.id } });
    expect(row.secretEncrypted).not.toContain(secret);
    expect(opened(data.id, row.secretEncrypted)).toBe(secret);
    // Sealed for this endpoint: under another endpoint's context it does not open.
    expect(() => opened('whe_other', row.secretEncrypted)).toThrow();

    const [audit] = await auditOf(tenantId, 'webhook_endpoint.created');
    expect(audit?.targetId).toBe(data.id);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(row.secretEncrypted);
  });

  it('create-endpoint.invalid: a metadata address, an unknown event type or an unknown field is 422', async () => {
    const { client, base } = await owner('wh-invalid');
    const metadata = await client.post(`${base}/webhook-endpoints`, { url: 'http://169.254.169.254/latest' });
    expect(metadata.statusCode).toBe(422);
    expect(metadata.json().errors.map((e: { path: string }) => e.path)).toEqual(['url']);
    const scheme = await client.post(`${base}/webhook-endpoints`, { url: 'ftp://hooks.example.test/' });
    expect(scheme.statusCode).toBe(422);
    const invalid = await client.post(`${base}/webhook-endpoints`, {
      url: 'https://hooks.example.test/',
      events: ['usage.nonsense'],
      secret: 'mine',
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().code).toBe('validation_failed');
    expect(
      invalid
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['events.0', 'secret']);
    expect((await client.get(`${base}/webhook-endpoints`)).json().data).toEqual([]);
  });

  it('rotate-secret.ok: a new secret shown once; the old one keeps signing for the grace; both audited', async () => {
    const { client, tenantId, base } = await owner('wh-rotate');
    const created = (
      await client.post(`${base}/webhook-endpoints`, { url: 'https://hooks.example.test/' })
    ).json();
    const id = created.data.id as string;
    const before = await t.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });

    const rotated = await client.post(`${base}/webhook-endpoints/${id}/rotate-secret`, {
      graceSeconds: 3600,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret, data } = rotated.json();
    expect(secret).not.toBe(created.secret);
    const expires = Date.parse(data.previousSecretExpiresAt);
    expect(expires).toBeGreaterThan(Date.now() + 3590_000);
    expect(expires).toBeLessThan(Date.now() + 3610_000);
    const after = await t.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(opened(id, after.secretEncrypted)).toBe(secret);
    expect(after.previousSecretEncrypted).toBe(before.secretEncrypted);
    expect(opened(id, after.previousSecretEncrypted as string)).toBe(created.secret);

    // No grace: the old secret stops at once.
    const immediate = await client.post(`${base}/webhook-endpoints/${id}/rotate-secret`, { graceSeconds: 0 });
    expect(immediate.json().data.previousSecretExpiresAt).toBeNull();
    const last = await t.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(last.previousSecretEncrypted).toBeNull();

    const audits = await auditOf(tenantId, 'webhook_endpoint.secret_rotated');
    expect(audits).toHaveLength(2);
    for (const s of [created.secret, secret, immediate.json().secret])
      expect(JSON.stringify(audits)).not.toContain(s);
  });

  it('update-delete-endpoint.ok: changes are audited with before and after; a deleted endpoint is 404', async () => {
    const { client, tenantId, base } = await owner('wh-update');
    const id = (await client.post(`${base}/webhook-endpoints`, { url: 'https://hooks.example.test/' })).json()
      .data.id as string;
    const patched = await client.call('PATCH', `${base}/webhook-endpoints/${id}`, {
      events: ['usage.threshold_resolved'],
      enabled: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().data).toMatchObject({ events: ['usage.threshold_resolved'], enabled: false });
    const [updated] = await auditOf(tenantId, 'webhook_endpoint.updated');
    expect(updated?.before).toMatchObject({ events: ['*'], enabled: true });
    expect(updated?.after).toMatchObject({ events: ['usage.threshold_resolved'], enabled: false });

    expect((await client.call('PATCH', `${base}/webhook-endpoints/${id}`, {})).statusCode).toBe(422);
    const removed = await client.call('DELETE', `${base}/webhook-endpoints/${id}`);
    expect(removed.statusCode).toBe(204);
    const gone = await client.get(`${base}/webhook-endpoints/${id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('not_found');
    expect(await auditOf(tenantId, 'webhook_endpoint.deleted')).toHaveLength(1);
  });

  it('delivery-log.ok: deliveries with their answers, newest first; the detail lists every try', async () => {
    const { client, tenantId, base, endpointId } = await ownerWithEndpoint('wh-log');
    // What the worker writes after three tries (500, 500, 200).
    const deliveryId = newId('webhookDelivery');
    await t.db.prisma.webhookDelivery.create({
      data: {
        id: deliveryId,
        tenantId,
        endpointId,
        eventId: 'evt_log_1',
        eventType: 'usage.threshold_crossed',
        payload: { id: 'evt_log_1', type: 'usage.threshold_crossed', data: { threshold: 80 } },
        status: 'succeeded',
        attempts: 3,
        responseStatus: 200,
        responseBodyExcerpt: 'ok',
        attemptsLog: {
          create: [500, 500, 200].map((status, i) => ({
            id: newId('webhookDeliveryAttempt'),
            tenantId,
            attempt: i + 1,
            succeeded: status === 200,
            responseStatus: status,
            responseBodyExcerpt: status === 200 ? 'ok' : 'boom',
            durationMs: 12,
          })),
        },
      },
    });
    const list = await client.get(
      `${base}/webhook-endpoints/${endpointId}/deliveries?status=succeeded&limit=10`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toEqual([
      expect.objectContaining({ id: deliveryId, status: 'succeeded', attempts: 3, responseStatus: 200 }),
    ]);
    expect(
      (await client.get(`${base}/webhook-endpoints/${endpointId}/deliveries?status=failed`)).json().data,
    ).toEqual([]);
    const detail = (await client.get(`${base}/webhook-deliveries/${deliveryId}`)).json().data;
    expect(detail.payload).toMatchObject({ id: 'evt_log_1', data: { threshold: 80 } });
    expect(detail.attemptsLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([
      500, 500, 200,
    ]);
    expect(detail.attemptsLog[0]).toMatchObject({ attempt: 1, manual: false, responseBodyExcerpt: 'boom' });
  });

  it('redeliver.ok: a failed delivery goes back to pending with one manual try queued for the worker', async () => {
    const { client, tenantId, base, endpointId } = await ownerWithEndpoint('wh-redeliver');
    const deliveryId = newId('webhookDelivery');
    await t.db.prisma.webhookDelivery.create({
      data: {
        id: deliveryId,
        tenantId,
        endpointId,
        eventId: 'evt_redeliver',
        eventType: 'webhook.test',
        payload: {},
        status: 'failed',
        attempts: 10,
        responseStatus: 500,
      },
    });
    const response = await client.post(`${base}/webhook-deliveries/${deliveryId}/redeliver`);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().data).toMatchObject({ id: deliveryId, status: 'pending' });
    const job = await queue.getJob(webhookDeliverJobId(deliveryId, 11));
    expect(job?.name).toBe(webhookDeliverJob);
    expect(job?.data).toEqual({ deliveryId, manual: true });
    expect(job?.opts.attempts).toBe(1);
    const [audit] = await auditOf(tenantId, 'webhook_delivery.redelivered');
    expect(audit?.before).toMatchObject({ status: 'failed', attempts: 10 });

    // A disabled endpoint: refused, nothing queued.
    await client.call('PATCH', `${base}/webhook-endpoints/${endpointId}`, { enabled: false });
    const refused = await client.post(`${base}/webhook-deliveries/${deliveryId}/redeliver`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('conflict');
  });

  it('test-event.ok: a webhook.test delivery to this endpoint alone, queued for one try', async () => {
    const { client, tenantId, base, endpointId } = await ownerWithEndpoint('wh-test');
    const response = await client.post(`${base}/webhook-endpoints/${endpointId}/test`);
    expect(response.statusCode, response.body).toBe(202);
    const delivery = response.json().data;
    expect(delivery).toMatchObject({ endpointId, eventType: 'webhook.test', status: 'pending', attempts: 0 });
    const row = await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row.payload).toMatchObject({
      id: delivery.eventId,
      type: 'webhook.test',
      tenantId,
      data: { endpointId },
    });
    expect((await queue.getJob(webhookDeliverJobId(delivery.id, 1)))?.data).toEqual({
      deliveryId: delivery.id,
      manual: true,
    });
  });

  it("webhooks.not_found and forbidden: another tenant's endpoint and delivery are 404; finance may not read them", async () => {
    const a = await ownerWithEndpoint('wh-iso-a');
    const { endpointId } = a;
    const deliveryId = (await a.client.post(`${a.base}/webhook-endpoints/${endpointId}/test`)).json().data.id;
    const b = await owner('wh-iso-b');
    for (const url of [
      `${b.base}/webhook-endpoints/${endpointId}`,
      `${b.base}/webhook-endpoints/${endpointId}/deliveries`,
      `${b.base}/webhook-deliveries/${deliveryId}`,
    ]) {
      const response = await b.client.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('not_found');
    }
    expect((await b.client.post(`${b.base}/webhook-deliveries/${deliveryId}/redeliver`)).statusCode).toBe(
      404,
    );
    expect((await b.client.call('DELETE', `${b.base}/webhook-endpoints/${endpointId}`)).statusCode).toBe(404);
    expect(await t.db.prisma.webhookEndpoint.count({ where: { id: endpointId } })).toBe(1);

    const finance = t.client();
    const { userId } = await finance.signup('wh-finance');
    await t.db.prisma.membership.create({
      data: { id: newId('membership'), userId, tenantId: a.tenantId, role: 'finance' },
    });
    const denied = await finance.get(`${a.base}/webhook-endpoints`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('forbidden');
  });
});
