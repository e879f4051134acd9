import { z } from 'zod';

export const createConsumerInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  /** The provider's own id for this customer. */
  externalId: z.string().trim().min(1).max(200).nullish(),
});
export type CreateConsumerInput = z.output<typeof createConsumerInputSchema>;

export const consumerOutputSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    externalId: z.string().nullable(),
    /** The consumer's subscriptions, newest last. */
    subscriptions: z.array(
      z.object({
        id: z.string(),
        planId: z.string(),
        planVersion: z.int(),
        status: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete']),
      }),
    ),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Consumer' });
export type ConsumerOutput = z.infer<typeof consumerOutputSchema>;
