import { Inject, Injectable } from '@nestjs/common';
import { newId, sealedSecretSchema } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { SecretBox } from '@tollgate/secrets';
import { checkUpstreamUrl } from '@tollgate/upstream-guard';
import { generateWebhookSecret, type WebhookEvent, webhookSecretContext } from '@tollgate/webhooks';
import { validationFailed } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { mayUsePrivateUpstreams } from '../releases/private-upstreams.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { WebhookQueue } from './webhook-queue.js';
import { type DeliveryRow, type EndpointRow, WebhooksRepository } from './webhooks.repository.js';
import type {
  CreateWebhookEndpointInput,
  ListDeliveriesQuery,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryDetailOutput,
  WebhookDeliveryOutput,
  WebhookEndpointOutput,
  WebhookSecretOutput,
} from './webhooks.schemas.js';

/**
 * Webhook endpoints of a tenant: the signing secret is made here, shown once, and stored only
 * sealed with the master key for this endpoint; rotation keeps the old secret signing too for a
 * grace period. The worker delivers (docs/webhooks.md); this side keeps the delivery log
 * readable and queues redeliveries and test events.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly box: SecretBox,
    private readonly queue: WebhookQueue,
    @Inject(ENV) private readonly env: Pick<Env, 'ALLOWED_PRIVATE_UPSTREAM_TENANTS'>,
  ) {}

  async list(access: TenantAccess): Promise<WebhookEndpointOutput[]> {
    return (await this.repository.list(access.tenantId)).map(endpointOutput);
  }

  async get(access: TenantAccess, endpointId: string): Promise<WebhookEndpointOutput> {
    return endpointOutput(await this.found(access, endpointId));
  }

  async create(access: TenantAccess, input: CreateWebhookEndpointInput): Promise<WebhookSecretOutput> {
    await this.checkUrl(access.tenantId, input.url);
    const id = newId('webhookEndpoint');
    const secret = generateWebhookSecret();
    const row = await this.transactions.run(async () => {
      const created = await this.repository.create({
        id,
        tenantId: access.tenantId,
        url: input.url,
        description: input.description,
        events: input.events,
        secretEncrypted: this.seal(id, secret),
      });
      await this.record(access, 'webhook_endpoint.created', created, null, summary(created));
      return created;
    });
    return { secret, data: endpointOutput(row) };
  }

  async update(
    access: TenantAccess,
    endpointId: string,
    input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpointOutput> {
    if (input.url !== undefined) await this.checkUrl(access.tenantId, input.url);
    const row = await this.transactions.run(async () => {
      const before = await this.repository.lock(access.tenantId, endpointId);
      if (!before) throw new TollgateError('not_found');
      const after = await this.repository.update(endpointId, input);
      await this.record(access, 'webhook_endpoint.updated', after, summary(before), summary(after));
      return after;
    });
    return endpointOutput(row);
  }

  async remove(access: TenantAccess, endpointId: string): Promise<void> {
    await this.transactions.run(async () => {
      const before = await this.repository.lock(access.tenantId, endpointId);
      if (!before) throw new TollgateError('not_found');
      await this.repository.delete(endpointId);
      await this.record(access, 'webhook_endpoint.deleted', before, summary(before), null);
    });
  }

  /**
   * A new secret, shown once. The current one becomes the previous one and keeps signing (a
   * second `v1=`) for `graceSeconds`; a previous one from an earlier rotation is dropped.
   */
  async rotateSecret(
    access: TenantAccess,
    endpointId: string,
    input: RotateWebhookSecretInput,
  ): Promise<WebhookSecretOutput> {
    const secret = generateWebhookSecret();
    const now = Date.now();
    const row = await this.transactions.run(async () => {
      const before = await this.repository.lock(access.tenantId, endpointId);
      if (!before) throw new TollgateError('not_found');
      const grace = input.graceSeconds > 0;
      const after = await this.repository.update(endpointId, {
        secretEncrypted: this.seal(endpointId, secret),
        previousSecretEncrypted: grace ? before.secretEncrypted : null,
        previousSecretExpiresAt: grace ? new Date(now + input.graceSeconds * 1000) : null,
      });
      await this.record(access, 'webhook_endpoint.secret_rotated', after, null, {
        previousSecretExpiresAt: after.previousSecretExpiresAt?.toISOString() ?? null,
      });
      return after;
    });
    return { secret, data: endpointOutput(row) };
  }

  async deliveries(
    access: TenantAccess,
    endpointId: string,
    query: ListDeliveriesQuery,
  ): Promise<WebhookDeliveryOutput[]> {
    await this.found(access, endpointId);
    return (await this.repository.deliveries(access.tenantId, endpointId, query)).map(deliveryOutput);
  }

  async delivery(access: TenantAccess, deliveryId: string): Promise<WebhookDeliveryDetailOutput> {
    const row = await this.repository.delivery(access.tenantId, deliveryId);
    if (!row) throw new TollgateError('not_found');
    return {
      ...deliveryOutput(row),
      payload: row.payload,
      attemptsLog: row.attemptsLog.map((a) => ({ ...a, attemptedAt: a.attemptedAt.toISOString() })),
    };
  }

  /** One more try of a delivery, whatever its status (a member fixed the endpoint, or wants it again). */
  async redeliver(access: TenantAccess, deliveryId: string): Promise<WebhookDeliveryOutput> {
    const row = await this.transactions.run(async () => {
      const found = await this.repository.delivery(access.tenantId, deliveryId);
      if (!found) throw new TollgateError('not_found');
      if (!found.endpoint.enabled)
        throw new TollgateError('conflict', 'The endpoint is disabled: enable it before redelivering.');
      const requeued = await this.repository.requeue(deliveryId, new Date());
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'webhook_delivery.redelivered',
        target: { type: 'webhook_delivery', id: deliveryId },
        before: { status: found.status, attempts: found.attempts },
        after: { status: requeued.status },
      });
      return requeued;
    });
    await this.queue.deliverOnce(row.id, row.attempts + 1);
    return deliveryOutput(row);
  }

  /** Sends a `webhook.test` event to this endpoint alone (one try), to check the receiver's signature code. */
  async sendTest(access: TenantAccess, endpointId: string): Promise<WebhookDeliveryOutput> {
    const row = await this.transactions.run(async () => {
      const endpoint = await this.repository.find(access.tenantId, endpointId);
      if (!endpoint) throw new TollgateError('not_found');
      if (!endpoint.enabled)
        throw new TollgateError('conflict', 'The endpoint is disabled: enable it first.');
      const event: WebhookEvent = {
        id: newId('event'),
        type: 'webhook.test',
        createdAt: new Date().toISOString(),
        tenantId: access.tenantId,
        data: { endpointId },
      };
      const delivery = await this.repository.createDelivery({
        id: newId('webhookDelivery'),
        tenantId: access.tenantId,
        endpointId,
        eventId: event.id,
        eventType: event.type,
        payload: event as unknown as Prisma.InputJsonValue,
      });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'webhook_endpoint.test_sent',
        target: { type: 'webhook_endpoint', id: endpointId },
        after: { deliveryId: delivery.id, eventId: event.id },
      });
      return delivery;
    });
    await this.queue.deliverOnce(row.id, 1);
    return deliveryOutput(row);
  }

  private async found(access: TenantAccess, endpointId: string): Promise<EndpointRow> {
    const row = await this.repository.find(access.tenantId, endpointId);
    if (!row) throw new TollgateError('not_found');
    return row;
  }

  private seal(endpointId: string, secret: string): string {
    return JSON.stringify(sealedSecretSchema.parse(this.box.seal(secret, webhookSecretContext(endpointId))));
  }

  /** Like upstreams: http(s), no credentials, no private or metadata address (unless the platform allows the tenant). */
  private async checkUrl(tenantId: string, url: string): Promise<void> {
    const slug = await this.repository.tenantSlug(tenantId);
    const checked = checkUpstreamUrl(url, {
      allowPrivate: mayUsePrivateUpstreams(this.env.ALLOWED_PRIVATE_UPSTREAM_TENANTS, slug),
    });
    if (!checked.ok)
      throw validationFailed([{ path: 'url', message: `Not an allowed webhook URL (${checked.reason})` }]);
  }

  private record(
    access: TenantAccess,
    action: string,
    row: EndpointRow,
    before: Prisma.InputJsonValue | null,
    after: Prisma.InputJsonValue | null,
  ): Promise<void> {
    return this.audit.record({
      tenantId: access.tenantId,
      actor: access.actor,
      action,
      target: { type: 'webhook_endpoint', id: row.id },
      before,
      after,
    });
  }
}

/** What the audit log keeps of an endpoint: never its secret. */
function summary(row: EndpointRow): Prisma.InputJsonValue {
  return { url: row.url, description: row.description, events: row.events, enabled: row.enabled };
}

function endpointOutput(row: EndpointRow): WebhookEndpointOutput {
  const grace = row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > Date.now();
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    previousSecretExpiresAt: grace ? (row.previousSecretExpiresAt?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function deliveryOutput(row: DeliveryRow): WebhookDeliveryOutput {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    responseStatus: row.responseStatus,
    responseBodyExcerpt: row.responseBodyExcerpt,
    error: row.error,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
