import { newId } from '@tollgate/contracts';
import type { Prisma, PrismaClient, TransactionClient } from '@tollgate/db';

type Db = PrismaClient | TransactionClient;

/** A delivery as the deliver job needs it: the event, its endpoint and the endpoint's tenant. */
export interface DeliveryToSend {
  id: string;
  tenantId: string;
  eventId: string;
  eventType: string;
  payload: Prisma.JsonValue;
  status: 'pending' | 'succeeded' | 'failed';
  endpoint: {
    id: string;
    url: string;
    enabled: boolean;
    secretEncrypted: string;
    previousSecretEncrypted: string | null;
    previousSecretExpiresAt: Date | null;
    tenantSlug: string;
  };
}

/** What one try of a delivery gave. */
export interface AttemptOutcome {
  attempt: number;
  manual: boolean;
  succeeded: boolean;
  responseStatus: number | null;
  responseBodyExcerpt: string | null;
  error: string | null;
  durationMs: number;
  at: Date;
  /** After a failed try: when the next automatic one is due; null when none will come (failed for good). */
  nextAttemptAt: Date | null;
}

/** A new delivery of one event to one endpoint. */
export interface NewDelivery {
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: Prisma.InputJsonValue;
}

export class WebhookDeliveriesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Enabled endpoints of the tenant that take `eventType` (listed, or `*`). */
  async endpointsFor(db: Db, tenantId: string, eventType: string): Promise<string[]> {
    const rows = await db.webhookEndpoint.findMany({
      where: { tenantId, enabled: true, events: { hasSome: [eventType, '*'] } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => row.id);
  }

  /**
   * Creates the deliveries (one event reaches an endpoint once: a repeated emit of the same
   * event id adds nothing) and returns the ids of those not yet tried, which the caller queues.
   */
  async createDeliveries(db: Db, deliveries: NewDelivery[], at: Date): Promise<string[]> {
    if (deliveries.length === 0) return [];
    await db.webhookDelivery.createMany({
      data: deliveries.map((d) => ({ id: newId('webhookDelivery'), ...d, nextAttemptAt: at })),
      skipDuplicates: true,
    });
    const rows = await db.webhookDelivery.findMany({
      where: {
        OR: deliveries.map((d) => ({ endpointId: d.endpointId, eventId: d.eventId })),
        status: 'pending',
        attempts: 0,
      },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Emails of the tenant's owners and admins (they get the provider's alert mail). */
  async providerAdminEmails(db: Db, tenantId: string): Promise<string[]> {
    const rows = await db.membership.findMany({
      where: { tenantId, role: { in: ['owner', 'admin'] } },
      select: { user: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => row.user.email);
  }

  async consumerEmail(db: Db, tenantId: string, consumerId: string): Promise<string | null> {
    const row = await db.consumer.findFirst({ where: { id: consumerId, tenantId }, select: { email: true } });
    return row?.email ?? null;
  }

  async findToSend(deliveryId: string): Promise<DeliveryToSend | null> {
    const row = await this.prisma.webhookDelivery.findUnique({
      where: { id: deliveryId },
      select: {
        id: true,
        tenantId: true,
        eventId: true,
        eventType: true,
        payload: true,
        status: true,
        endpoint: {
          select: {
            id: true,
            url: true,
            enabled: true,
            secretEncrypted: true,
            previousSecretEncrypted: true,
            previousSecretExpiresAt: true,
            tenant: { select: { slug: true } },
          },
        },
      },
    });
    if (!row) return null;
    const { tenant, ...endpoint } = row.endpoint;
    return { ...row, endpoint: { ...endpoint, tenantSlug: tenant.slug } };
  }

  /** Counts the try before it is made, so two racing jobs never share an attempt number. */
  async nextAttemptNumber(deliveryId: string): Promise<number> {
    const row = await this.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { attempts: { increment: 1 } },
      select: { attempts: true },
    });
    return row.attempts;
  }

  /** The try in the delivery log, and the delivery's status after it, in one transaction. */
  async recordAttempt(delivery: DeliveryToSend, outcome: AttemptOutcome): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.webhookDeliveryAttempt.create({
        data: {
          id: newId('webhookDeliveryAttempt'),
          tenantId: delivery.tenantId,
          deliveryId: delivery.id,
          attempt: outcome.attempt,
          manual: outcome.manual,
          succeeded: outcome.succeeded,
          responseStatus: outcome.responseStatus,
          responseBodyExcerpt: outcome.responseBodyExcerpt,
          error: outcome.error,
          durationMs: outcome.durationMs,
          attemptedAt: outcome.at,
        },
      }),
      this.prisma.webhookDelivery.update({
        where: { id: delivery.id },
        data: {
          status: outcome.succeeded ? 'succeeded' : outcome.nextAttemptAt ? 'pending' : 'failed',
          lastAttemptAt: outcome.at,
          nextAttemptAt: outcome.succeeded ? null : outcome.nextAttemptAt,
          responseStatus: outcome.responseStatus,
          responseBodyExcerpt: outcome.responseBodyExcerpt,
          error: outcome.error,
          ...(outcome.succeeded ? { deliveredAt: outcome.at } : {}),
        },
      }),
    ]);
  }

  /** A delivery that will not be tried (endpoint disabled or its secret unreadable): failed, with why. */
  async fail(deliveryId: string, error: string, at: Date): Promise<void> {
    await this.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'failed', error, nextAttemptAt: null, lastAttemptAt: at },
    });
  }

  /**
   * Deliveries queued but never tried although due for `staleMs` (a crash between the commit
   * that created them and the queueing): the sweeper queues them again.
   */
  async stranded(before: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { status: 'pending', attempts: 0, nextAttemptAt: { lt: before } },
      select: { id: true },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }
}
