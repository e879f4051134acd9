import { z } from 'zod';

export const createSubscriptionInputSchema = z.strictObject({
  planId: z.string().min(1).max(64),
});
export type CreateSubscriptionInput = z.output<typeof createSubscriptionInputSchema>;

export const subscriptionOutputSchema = z.object({
  id: z.string(),
  consumerId: z.string(),
  planId: z.string(),
  planVersion: z.int(),
  status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete']),
  currentPeriodStart: z.iso.datetime(),
  currentPeriodEnd: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export type SubscriptionOutput = z.infer<typeof subscriptionOutputSchema>;
