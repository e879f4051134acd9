import { z } from 'zod';

/**
 * The consumer index entry: how the gateway finds the consumer named by a JWT or OAuth2
 * token's claim. Projected into Redis by the control plane under
 * {@link redisKeys.consumerIndex} (tenant, external id), rebuildable from Postgres.
 * A consumer may hold several subscriptions (one per plan); the gateway uses the first
 * usable one whose plan covers the API called.
 */
export const consumerSubscriptionSchema = z.object({
  subscriptionId: z.string(),
  planId: z.string(),
  planVersion: z.int().positive(),
  status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete']),
});
export type ConsumerSubscription = z.infer<typeof consumerSubscriptionSchema>;

export const consumerRecordSchema = z.object({
  consumerId: z.string(),
  tenantId: z.string(),
  externalId: z.string(),
  /** Newest first. */
  subscriptions: z.array(consumerSubscriptionSchema),
});
export type ConsumerRecord = z.infer<typeof consumerRecordSchema>;
