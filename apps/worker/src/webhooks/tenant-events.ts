import {
  type MailSendPayload,
  mailSendJob,
  newId,
  webhookDeliverJob,
  webhookDeliverJobId,
} from '@tollgate/contracts';
import type { Prisma, PrismaClient, TransactionClient } from '@tollgate/db';
import type { WebhookEvent } from '@tollgate/webhooks';
import type { JobsOptions, Queue } from 'bullmq';
import { jobOptions } from '../jobs/job-catalog.js';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';

/** An event of a tenant: delivered to its webhook endpoints, and mailed when `mail` says so. */
export interface TenantEvent {
  tenantId: string;
  /** `<domain>.<what happened>`, e.g. `usage.threshold_crossed` (listed in @tollgate/webhooks). */
  type: string;
  data: Record<string, unknown>;
  /** `evt_…`; give a stable one to make emitting idempotent (an endpoint gets an event id once). */
  id?: string;
  createdAt?: Date;
  /** Plain-text mail about the event, to the tenant's owners and admins and/or to one consumer. */
  mail?: {
    subject: string;
    text: string;
    toProviderAdmins?: boolean;
    /** A separate text for the consumer (defaults to `subject`/`text`). */
    toConsumer?: { consumerId: string; subject?: string; text?: string };
  };
}

/** What an emit recorded; `send` queues it (after the caller's transaction has committed). */
export interface RecordedEvent {
  eventId: string;
  deliveryIds: string[];
  mails: MailSendPayload[];
}

export interface TenantEventsOptions {
  prisma: PrismaClient;
  repository: WebhookDeliveriesRepository;
  /** The `notifications` queue. */
  queue: Queue;
  /** BullMQ options of the automatic delivery tries (default: the job catalog's). */
  deliveryJobOptions?: JobsOptions;
  mailJobOptions?: JobsOptions;
  now?: () => number;
}

/**
 * THE way to raise an event or an alert from the worker (threshold alerts, reconciliation):
 *
 * ```ts
 * await events.emitEvent({ tenantId, type: 'usage.threshold_crossed', data, mail: { subject, text, toProviderAdmins: true } });
 * ```
 *
 * The deliveries are rows first (one per enabled endpoint taking the type; the delivery log),
 * then BullMQ jobs that sign, send and retry them. `record` + `send` split the two for callers
 * that write their own rows in the same transaction as the deliveries (the alert evaluation).
 */
export class TenantEvents {
  private readonly now: () => number;

  constructor(private readonly options: TenantEventsOptions) {
    this.now = options.now ?? Date.now;
  }

  async emitEvent(event: TenantEvent): Promise<RecordedEvent> {
    const recorded = await this.options.prisma.$transaction((tx) => this.record(tx, event));
    await this.send(recorded);
    return recorded;
  }

  /** Writes the event's deliveries with `db` (a transaction of the caller's) and resolves the mail recipients. */
  async record(db: TransactionClient, event: TenantEvent): Promise<RecordedEvent> {
    const { repository } = this.options;
    const at = event.createdAt ?? new Date(this.now());
    const body: WebhookEvent = {
      id: event.id ?? newId('event'),
      type: event.type,
      createdAt: at.toISOString(),
      tenantId: event.tenantId,
      data: event.data,
    };
    const endpoints = await repository.endpointsFor(db, event.tenantId, event.type);
    const deliveryIds = await repository.createDeliveries(
      db,
      endpoints.map((endpointId) => ({
        tenantId: event.tenantId,
        endpointId,
        eventId: body.id,
        eventType: body.type,
        payload: body as unknown as Prisma.InputJsonValue,
      })),
      new Date(this.now()),
    );
    const mails: MailSendPayload[] = [];
    const { mail } = event;
    if (mail?.toProviderAdmins) {
      for (const to of await repository.providerAdminEmails(db, event.tenantId)) {
        mails.push({ to, subject: mail.subject, text: mail.text });
      }
    }
    if (mail?.toConsumer) {
      const to = await repository.consumerEmail(db, event.tenantId, mail.toConsumer.consumerId);
      if (to)
        mails.push({
          to,
          subject: mail.toConsumer.subject ?? mail.subject,
          text: mail.toConsumer.text ?? mail.text,
        });
    }
    return { eventId: body.id, deliveryIds, mails };
  }

  /** Queues what `record` wrote. Job ids make a repeated `send` of the same event a no-op. */
  async send(recorded: RecordedEvent): Promise<void> {
    const { queue } = this.options;
    const deliveryOptions = this.options.deliveryJobOptions ?? jobOptions(webhookDeliverJob);
    const mailOptions = this.options.mailJobOptions ?? jobOptions(mailSendJob);
    await queue.addBulk([
      ...recorded.deliveryIds.map((deliveryId) => ({
        name: webhookDeliverJob,
        data: { deliveryId, manual: false },
        opts: { ...deliveryOptions, jobId: webhookDeliverJobId(deliveryId) },
      })),
      ...recorded.mails.map((mail, index) => ({
        name: mailSendJob,
        data: mail,
        opts: { ...mailOptions, jobId: `${recorded.eventId}-mail-${index}` },
      })),
    ]);
  }

  /** Queues again deliveries that were recorded but never queued (a crash in between); run by the sweeper. */
  async requeueStranded(staleMs = 60_000, limit = 500): Promise<number> {
    const ids = await this.options.repository.stranded(new Date(this.now() - staleMs), limit);
    await this.send({ eventId: 'sweep', deliveryIds: ids, mails: [] });
    return ids.length;
  }
}
