import { z } from 'zod';

/**
 * The notification jobs (outgoing webhooks and mail), shared by their producers: the worker
 * (events, alerts) and the control plane (manual redelivery, test events). The worker's job
 * catalog gives their retry policy.
 */
export const notificationsQueue = 'notifications';

/** One try of one webhook delivery (`webhook_deliveries` row); retried with backoff by BullMQ. */
export const webhookDeliverJob = 'webhooks.deliver';

export const webhookDeliverPayloadSchema = z.object({
  deliveryId: z.string().min(1),
  /** A member asked for this try (redelivery): one try, no automatic retries. */
  manual: z.boolean().default(false),
});
export type WebhookDeliverPayload = z.input<typeof webhookDeliverPayloadSchema>;

/** One plain-text mail (alerts to provider admins and consumers). */
export const mailSendJob = 'mail.send';

export const mailSendPayloadSchema = z.object({
  to: z.string().min(3).max(320),
  subject: z.string().min(1).max(300),
  text: z.string().max(20_000),
});
export type MailSendPayload = z.infer<typeof mailSendPayloadSchema>;

/** Compares each subscription's period usage with its plan's alert thresholds (every minute, and after rollups). */
export const alertsEvaluateJob = 'alerts.evaluate';

/**
 * The BullMQ job id of a delivery's automatic tries (`whd_…`), or of its `n`th manual redelivery:
 * BullMQ ignores an `add` whose id it still holds, so a delivery is never queued twice by mistake.
 */
export function webhookDeliverJobId(deliveryId: string, redelivery?: number): string {
  return redelivery === undefined ? deliveryId : `${deliveryId}-r${redelivery}`;
}
