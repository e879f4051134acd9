import { Injectable } from '@nestjs/common';
import type { Prisma, WebhookDeliveryStatus } from '@tollgate/db';
import { Transactions } from '../audit/transactions.js';

const endpointFields = {
  id: true,
  tenantId: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  secretEncrypted: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointFields }>;

const deliveryFields = {
  id: true,
  tenantId: true,
  endpointId: true,
  eventId: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  responseStatus: true,
  responseBodyExcerpt: true,
  error: true,
  deliveredAt: true,
  createdAt: true,
} as const;

export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliveryFields }>;

const detailFields = {
  ...deliveryFields,
  payload: true,
  endpoint: { select: { enabled: true } },
  attemptsLog: {
    orderBy: { attempt: 'asc' },
    select: {
      attempt: true,
      manual: true,
      succeeded: true,
      responseStatus: true,
      responseBodyExcerpt: true,
      error: true,
      durationMs: true,
      attemptedAt: true,
    },
  },
} as const;

export type DeliveryDetailRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof detailFields }>;

export interface EndpointChange {
  url?: string;
  description?: string | null;
  events?: string[];
  enabled?: boolean;
  secretEncrypted?: string;
  previousSecretEncrypted?: string | null;
  previousSecretExpiresAt?: Date | null;
}

/** Webhook endpoints and their delivery log; always scoped by tenant (another tenant's id is null, i.e. 404). */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  async tenantSlug(tenantId: string): Promise<string> {
    const tenant = await this.db.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { slug: true },
    });
    return tenant.slug;
  }

  create(row: {
    id: string;
    tenantId: string;
    url: string;
    description: string | null;
    events: string[];
    secretEncrypted: string;
  }): Promise<EndpointRow> {
    return this.db.webhookEndpoint.create({ data: row, select: endpointFields });
  }

  list(tenantId: string): Promise<EndpointRow[]> {
    return this.db.webhookEndpoint.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'asc' },
      select: endpointFields,
    });
  }

  find(tenantId: string, id: string): Promise<EndpointRow | null> {
    return this.db.webhookEndpoint.findFirst({ where: { id, tenantId }, select: endpointFields });
  }

  /** The endpoint row locked for the change (`FOR UPDATE`): two rotations cannot interleave. */
  async lock(tenantId: string, id: string): Promise<EndpointRow | null> {
    const locked = await this.db.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM webhook_endpoints WHERE id = ${id} AND tenant_id = ${tenantId} FOR UPDATE`;
    return locked.length === 0 ? null : this.find(tenantId, id);
  }

  update(id: string, change: EndpointChange): Promise<EndpointRow> {
    return this.db.webhookEndpoint.update({
      where: { id },
      data: {
        ...change,
        ...(change.enabled === undefined ? {} : { disabledAt: change.enabled ? null : new Date() }),
      },
      select: endpointFields,
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.webhookEndpoint.delete({ where: { id } });
  }

  /** Newest first; `before` is a delivery id (ids sort by creation time). */
  deliveries(
    tenantId: string,
    endpointId: string,
    query: { status?: WebhookDeliveryStatus; limit: number; before?: string },
  ): Promise<DeliveryRow[]> {
    return this.db.webhookDelivery.findMany({
      where: {
        tenantId,
        endpointId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.before ? { id: { lt: query.before } } : {}),
      },
      orderBy: { id: 'desc' },
      take: query.limit,
      select: deliveryFields,
    });
  }

  delivery(tenantId: string, id: string): Promise<DeliveryDetailRow | null> {
    return this.db.webhookDelivery.findFirst({ where: { id, tenantId }, select: detailFields });
  }

  createDelivery(row: {
    id: string;
    tenantId: string;
    endpointId: string;
    eventId: string;
    eventType: string;
    payload: Prisma.InputJsonValue;
  }): Promise<DeliveryRow> {
    return this.db.webhookDelivery.create({
      data: { ...row, nextAttemptAt: new Date() },
      select: deliveryFields,
    });
  }

  /** Back to `pending` for a manual try. */
  requeue(id: string, at: Date): Promise<DeliveryRow> {
    return this.db.webhookDelivery.update({
      where: { id },
      data: { status: 'pending', nextAttemptAt: at },
      select: deliveryFields,
    });
  }

  /** Every endpoint's sealed secrets, for master key rotation. */
  sealedSecrets(): Promise<
    Array<{ id: string; secretEncrypted: string; previousSecretEncrypted: string | null; tenantId: string }>
  > {
    return this.db.webhookEndpoint.findMany({
      select: { id: true, tenantId: true, secretEncrypted: true, previousSecretEncrypted: true },
    });
  }

  /** Replaces the sealed secrets only if they are still the ones read (a concurrent rotation wins). */
  async replaceSealedSecrets(
    id: string,
    before: { secretEncrypted: string; previousSecretEncrypted: string | null },
    after: { secretEncrypted: string; previousSecretEncrypted: string | null },
  ): Promise<boolean> {
    const { count } = await this.db.webhookEndpoint.updateMany({
      where: {
        id,
        secretEncrypted: before.secretEncrypted,
        previousSecretEncrypted: before.previousSecretEncrypted,
      },
      data: after,
    });
    return count === 1;
  }
}
