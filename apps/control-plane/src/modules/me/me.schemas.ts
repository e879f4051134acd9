import { z } from 'zod';
import { issueKeyInputSchema } from '../keys/keys.schemas.js';
import { planVersionOutputSchema } from '../plans/plans.schemas.js';
import {
  createSubscriptionInputSchema,
  subscriptionOutputSchema,
} from '../subscriptions/subscriptions.schemas.js';

/** `POST /v1/me/keys`: as a provider issues one, on one of the caller's own subscriptions (default: the current one). */
export const meIssueKeyInputSchema = issueKeyInputSchema.extend({
  subscriptionId: issueKeyInputSchema.shape.subscriptionId.optional(),
});
export type MeIssueKeyInput = z.output<typeof meIssueKeyInputSchema>;

/** The subscription's monthly quota in its current period: `used` is what the gateways have counted so far. */
export const quotaOutputSchema = z
  .object({
    limit: z.int(),
    used: z.int(),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
  })
  .meta({ id: 'Quota' });
export type QuotaOutput = z.infer<typeof quotaOutputSchema>;

/** `GET /v1/me/subscription`: the caller's current subscription with its plan's terms; null without one. */
export const meSubscriptionOutputSchema = subscriptionOutputSchema
  .extend({
    plan: z.object({ id: z.string(), name: z.string() }),
    terms: planVersionOutputSchema,
    /** Null when the plan has no monthly quota. */
    quota: quotaOutputSchema.nullable(),
  })
  .meta({ id: 'MeSubscription' });
export type MeSubscriptionOutput = z.infer<typeof meSubscriptionOutputSchema>;

/**
 * `POST /v1/me/subscription/plan`: moves the caller's current subscription to the current version
 * of another public, unarchived plan of its tenant.
 */
export const meChangePlanInputSchema = z.strictObject({
  planId: createSubscriptionInputSchema.shape.planId,
});
export type MeChangePlanInput = z.output<typeof meChangePlanInputSchema>;
