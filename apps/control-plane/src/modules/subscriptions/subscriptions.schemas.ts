import { z } from 'zod';

export const createSubscriptionInputSchema = z.strictObject({
  planId: z.string().min(1).max(64),
});
export type CreateSubscriptionInput = z.output<typeof createSubscriptionInputSchema>;

/**
 * `POST …/subscriptions/:subscriptionId/move`: to another plan of the tenant (`planId`; left
 * out, the subscription's own plan) at a version of it (`planVersion`; left out, its current one).
 */
export const moveSubscriptionInputSchema = z.strictObject({
  planId: createSubscriptionInputSchema.shape.planId.optional(),
  planVersion: z.int().positive().optional(),
});
export type MoveSubscriptionInput = z.output<typeof moveSubscriptionInputSchema>;

export const subscriptionOutputSchema = z
  .object({
    id: z.string(),
    consumerId: z.string(),
    planId: z.string(),
    planVersion: z.int(),
    status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete']),
    currentPeriodStart: z.iso.datetime(),
    currentPeriodEnd: z.iso.datetime(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionOutput = z.infer<typeof subscriptionOutputSchema>;
