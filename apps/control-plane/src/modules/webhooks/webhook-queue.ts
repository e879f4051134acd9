import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  bullPrefix,
  notificationsQueue,
  type WebhookDeliverPayload,
  webhookDeliverJob,
  webhookDeliverJobId,
} from '@tollgate/contracts';
import { Queue } from 'bullmq';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';

/**
 * The control plane's side of the worker's `notifications` queue: it queues one try of a
 * delivery (a redelivery or a test event); the worker signs, sends and logs it.
 */
@Injectable()
export class WebhookQueue implements OnApplicationShutdown {
  private queue: Queue | undefined;

  constructor(@Inject(ENV) private readonly env: Pick<Env, 'REDIS_URL' | 'REDIS_PREFIX'>) {}

  /** One try, not retried automatically: a member asked for it and sees its result in the log. */
  async deliverOnce(deliveryId: string, attempt: number): Promise<void> {
    const payload: WebhookDeliverPayload = { deliveryId, manual: true };
    await this.open().add(webhookDeliverJob, payload, {
      jobId: webhookDeliverJobId(deliveryId, attempt),
      attempts: 1,
      removeOnComplete: { count: 1_000, age: 24 * 3_600 },
      removeOnFail: { count: 1_000, age: 7 * 24 * 3_600 },
    });
  }

  private open(): Queue {
    // Opened on first use, so an app that never queues holds no extra Redis connection.
    this.queue ??= new Queue(notificationsQueue, {
      connection: { url: this.env.REDIS_URL, maxRetriesPerRequest: 3 },
      prefix: bullPrefix(this.env.REDIS_PREFIX),
    });
    return this.queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
