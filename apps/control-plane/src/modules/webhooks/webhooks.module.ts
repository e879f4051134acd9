import { Module } from '@nestjs/common';
import { WebhookQueue } from './webhook-queue.js';
import { WebhookSecretResealer } from './webhook-secret.resealer.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Outgoing webhook endpoints (secret shown once, rotation), the delivery log and redelivery. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookQueue, WebhookSecretResealer],
})
export class WebhooksModule {}
