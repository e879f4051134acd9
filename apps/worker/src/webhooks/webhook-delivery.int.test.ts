import { bullPrefix, notificationsQueue, webhookDeliverJob, webhookDeliverJobId } from '@tollgate/contracts';
import { createMembership, createTenant, createUser } from '@tollgate/testing';
import { generateWebhookSecret, verifyWebhook, webhookSecretContext } from '@tollgate/webhooks';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type NotificationsHarness,
  type Receiver,
  startNotificationsHarness,
  startReceiver,
} from '../testing/notifications.harness.js';

let h: NotificationsHarness;
let receiver: Receiver;

beforeAll(async () => {
  h = await startNotificationsHarness(300);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await h?.close();
});

async function newTenant(): Promise<string> {
  const tenant = await createTenant(h.prisma);
  const owner = await createUser(h.prisma);
  await createMembership(h.prisma, { userId: owner.id, tenantId: tenant.id, role: 'owner' });
  return tenant.id;
}

const deliveryOf = (endpointId: string) =>
  h.prisma.webhookDelivery.findFirstOrThrow({
    where: { endpointId },
    include: { attemptsLog: { orderBy: { attempt: 'asc' } } },
  });

async function settled(endpointId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const delivery = await deliveryOf(endpointId);
    if (delivery.status !== 'pending') return delivery;
    if (Date.now() > deadline) throw new Error(`delivery still pending after ${delivery.attempts} tries`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhook delivery', () => {
  it('deliver.ok: a signed POST that verifies with the documented scheme; the log keeps the answer', async () => {
    const tenantId = await newTenant();
    receiver.received.length = 0;
    const endpoint = await h.createEndpoint(tenantId, receiver.url, ['usage.threshold_crossed']);
    const other = await h.createEndpoint(tenantId, receiver.url, ['usage.threshold_resolved']);

    const { eventId } = await h.notifications.events.emitEvent({
      tenantId,
      type: 'usage.threshold_crossed',
      data: { threshold: 80 },
    });

    const [request] = await receiver.waitFor(1);
    const header = request?.headers['tollgate-signature'] as string;
    expect(verifyWebhook(header, request?.body ?? '', [endpoint.secret])).toEqual({
      valid: true,
      t: expect.any(Number),
    });
    // Tampered body, another secret, or a replay after 5 minutes: refused.
    expect(verifyWebhook(header, `${request?.body} `, [endpoint.secret]).valid).toBe(false);
    expect(verifyWebhook(header, request?.body ?? '', [other.secret]).valid).toBe(false);
    expect(verifyWebhook(header, request?.body ?? '', [endpoint.secret], Date.now() / 1000 + 301)).toEqual({
      valid: false,
      reason: 'stale',
    });
    expect(JSON.parse(request?.body ?? '')).toMatchObject({
      id: eventId,
      type: 'usage.threshold_crossed',
      tenantId,
      data: { threshold: 80 },
    });
    expect(request?.headers).toMatchObject({
      'tollgate-event-id': eventId,
      'tollgate-event-type': 'usage.threshold_crossed',
      'tollgate-delivery-attempt': '1',
      'content-type': 'application/json',
    });

    const delivery = await settled(endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 200 });
    expect(delivery.responseBodyExcerpt).toBe('{"ok":true}');
    expect(delivery.attemptsLog).toHaveLength(1);
    // The endpoint that does not take this type got nothing.
    expect(await h.prisma.webhookDelivery.count({ where: { endpointId: other.id } })).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retry.ok: 500, 500 then 200 is three tries spaced by growing delays, each in the delivery log', async () => {
    const tenantId = await newTenant();
    receiver.received.length = 0;
    receiver.answers.push({ status: 500, body: 'boom 1' }, { status: 503, body: 'boom 2' });
    const endpoint = await h.createEndpoint(tenantId, receiver.url);

    const { eventId } = await h.notifications.events.emitEvent({ tenantId, type: 'webhook.test', data: {} });

    const requests = await receiver.waitFor(3, 15_000);
    expect(requests.map((r) => r.headers['tollgate-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(requests.map((r) => r.headers['tollgate-event-id']))).toEqual(new Set([eventId]));
    const [first, second, third] = requests.map((r) => r.at) as [number, number, number];
    // Backoff 300 ms then 600 ms (exponential), give or take the queue's polling.
    expect(second - first).toBeGreaterThanOrEqual(280);
    expect(third - second).toBeGreaterThanOrEqual(580);
    for (const request of requests) {
      expect(
        verifyWebhook(request.headers['tollgate-signature'] as string, request.body, [endpoint.secret]).valid,
      ).toBe(true);
    }

    const delivery = await settled(endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, responseStatus: 200 });
    expect(
      delivery.attemptsLog.map((a) => ({
        attempt: a.attempt,
        status: a.responseStatus,
        body: a.responseBodyExcerpt,
        ok: a.succeeded,
      })),
    ).toEqual([
      { attempt: 1, status: 500, body: 'boom 1', ok: false },
      { attempt: 2, status: 503, body: 'boom 2', ok: false },
      { attempt: 3, status: 200, body: '{"ok":true}', ok: true },
    ]);
  });

  it('retry.failed then redeliver.ok: gives up after the last try; a manual redelivery is one more try', async () => {
    const tenantId = await newTenant();
    receiver.received.length = 0;
    receiver.answers.push(
      { status: 500, body: 'down' },
      { status: 500, body: 'down' },
      { status: 500, body: 'down' },
    );
    const endpoint = await h.createEndpoint(tenantId, receiver.url);
    await h.notifications.events.emitEvent({ tenantId, type: 'webhook.test', data: {} });

    const failed = await settled(endpoint.id, 15_000);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 500, nextAttemptAt: null });
    expect(receiver.received).toHaveLength(3);

    // What POST /webhook-deliveries/:id/redeliver queues (the control plane is the producer).
    const queue = new Queue(notificationsQueue, {
      connection: { url: h.env.REDIS_URL },
      prefix: bullPrefix(h.env.REDIS_PREFIX),
    });
    await h.prisma.webhookDelivery.update({ where: { id: failed.id }, data: { status: 'pending' } });
    await queue.add(
      webhookDeliverJob,
      { deliveryId: failed.id, manual: true },
      { jobId: webhookDeliverJobId(failed.id, 1), attempts: 1 },
    );
    const redelivered = await settled(endpoint.id);
    await queue.close();
    expect(redelivered).toMatchObject({ status: 'succeeded', attempts: 4, responseStatus: 200 });
    expect(redelivered.attemptsLog.map((a) => a.manual)).toEqual([false, false, false, true]);
    expect(receiver.received[3]?.headers['tollgate-delivery-attempt']).toBe('4');
  });

  it('emit.idempotent: the same event id emitted twice reaches an endpoint once', async () => {
    const tenantId = await newTenant();
    receiver.received.length = 0;
    const endpoint = await h.createEndpoint(tenantId, receiver.url);
    const event = { tenantId, type: 'webhook.test', data: {}, id: 'evt_same_twice' };
    await h.notifications.events.emitEvent(event);
    await h.notifications.events.emitEvent(event);
    await settled(endpoint.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await h.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('rotation.ok: during the grace the header carries both secrets; after it, only the new one', async () => {
    const tenantId = await newTenant();
    receiver.received.length = 0;
    const endpoint = await h.createEndpoint(tenantId, receiver.url);
    // The secret a rotation replaced, sealed for this endpoint (what a rotation leaves).
    const old = { secret: generateWebhookSecret() };
    const previous = JSON.stringify(h.box.seal(old.secret, webhookSecretContext(endpoint.id)));
    await h.prisma.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { previousSecretEncrypted: previous, previousSecretExpiresAt: new Date(Date.now() + 60_000) },
    });
    await h.notifications.events.emitEvent({ tenantId, type: 'webhook.test', data: {} });
    const [during] = await receiver.waitFor(1);
    const header = during?.headers['tollgate-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhook(header, during?.body ?? '', [old.secret]).valid).toBe(true);
    expect(verifyWebhook(header, during?.body ?? '', [endpoint.secret]).valid).toBe(true);

    await h.prisma.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1) },
    });
    await h.notifications.events.emitEvent({ tenantId, type: 'webhook.test', data: {} });
    const [, after] = await receiver.waitFor(2);
    const afterHeader = after?.headers['tollgate-signature'] as string;
    expect(afterHeader.match(/v1=/g)).toHaveLength(1);
    expect(verifyWebhook(afterHeader, after?.body ?? '', [old.secret]).valid).toBe(false);
    expect(verifyWebhook(afterHeader, after?.body ?? '', [endpoint.secret]).valid).toBe(true);
  });

  it('disabled.failed: a delivery to an endpoint disabled since is failed without a request', async () => {
    const tenantId = await newTenant();
    receiver.received.length = 0;
    const endpoint = await h.createEndpoint(tenantId, receiver.url);
    const recorded = await h.prisma.$transaction((tx) =>
      h.notifications.events.record(tx, { tenantId, type: 'webhook.test', data: {} }),
    );
    await h.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
    await h.notifications.events.send(recorded);
    const delivery = await settled(endpoint.id);
    expect(delivery).toMatchObject({ status: 'failed', error: 'endpoint_disabled', attempts: 0 });
    expect(receiver.received).toHaveLength(0);
  });
});
