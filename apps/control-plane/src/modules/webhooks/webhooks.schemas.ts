import { webhookEventTypes } from '@tollgate/webhooks';
import { z } from 'zod';

/** Event types an endpoint takes: some of the catalog's, or `*` for all (today's and future ones). */
const eventsSchema = z
  .array(z.enum([...webhookEventTypes, '*']))
  .min(1)
  .max(50)
  .transform((events) => [...new Set(events)]);

const urlSchema = z.string().trim().min(1).max(2048);

export const createWebhookEndpointInputSchema = z.strictObject({
  /** http(s); private and loopback addresses are refused (unless the platform allows them for the tenant). */
  url: urlSchema,
  description: z.string().trim().max(500).nullable().default(null),
  events: eventsSchema.default(['*']),
});
export type CreateWebhookEndpointInput = z.output<typeof createWebhookEndpointInputSchema>;

export const updateWebhookEndpointInputSchema = z
  .strictObject({
    url: urlSchema.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    events: eventsSchema.optional(),
    /** A disabled endpoint gets no new deliveries; those pending fail with `endpoint_disabled`. */
    enabled: z.boolean().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change');
export type UpdateWebhookEndpointInput = z.output<typeof updateWebhookEndpointInputSchema>;

export const rotateWebhookSecretInputSchema = z.strictObject({
  /** How long the old secret keeps signing too (a second `v1=`), so receivers can switch without a gap. */
  graceSeconds: z
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(86_400),
});
export type RotateWebhookSecretInput = z.output<typeof rotateWebhookSecretInputSchema>;

export const deliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']);

export const listDeliveriesQuerySchema = z.strictObject({
  status: deliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Cursor: deliveries older than this delivery id (ids sort by time). */
  before: z.string().min(1).max(64).optional(),
});
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuerySchema>;

export const webhookEndpointOutputSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    /** While a rotation's grace runs: when the previous secret stops signing. */
    previousSecretExpiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpointOutput = z.infer<typeof webhookEndpointOutputSchema>;

/** `POST /webhook-endpoints` and `/rotate-secret`: the signing secret, shown this once. */
export const webhookSecretOutputSchema = z
  .object({ secret: z.string(), data: webhookEndpointOutputSchema })
  .meta({ id: 'WebhookSecret' });
export type WebhookSecretOutput = z.infer<typeof webhookSecretOutputSchema>;

export const webhookAttemptOutputSchema = z
  .object({
    attempt: z.int(),
    manual: z.boolean(),
    succeeded: z.boolean(),
    responseStatus: z.int().nullable(),
    responseBodyExcerpt: z.string().nullable(),
    error: z.string().nullable(),
    durationMs: z.int(),
    attemptedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliveryOutputSchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: deliveryStatusSchema,
    attempts: z.int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastAttemptAt: z.iso.datetime().nullable(),
    responseStatus: z.int().nullable(),
    responseBodyExcerpt: z.string().nullable(),
    error: z.string().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryOutput = z.infer<typeof webhookDeliveryOutputSchema>;

/** One delivery with the event sent and every try: the delivery log's detail. */
export const webhookDeliveryDetailOutputSchema = webhookDeliveryOutputSchema
  .extend({
    payload: z.unknown(),
    attemptsLog: z.array(webhookAttemptOutputSchema),
  })
  .meta({ id: 'WebhookDeliveryDetail' });
export type WebhookDeliveryDetailOutput = z.infer<typeof webhookDeliveryDetailOutputSchema>;
