import { z } from 'zod';
import { tenantSlugSchema } from '../auth/auth.schemas.js';
import { planVersionOutputSchema } from '../plans/plans.schemas.js';
import { subscriptionOutputSchema } from '../subscriptions/subscriptions.schemas.js';

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** `:tenantSlug` of `/v1/portal/:tenantSlug/...`: the tenant whose developer portal this is. */
export const portalSlugSchema = tenantSlugSchema;

/** `POST /v1/portal/:tenantSlug/signup`: an account on this tenant's portal only. */
export const consumerSignupInputSchema = z.strictObject({
  email,
  password: z.string().min(8).max(256),
  name: z.string().trim().min(1).max(100),
});
export type ConsumerSignupInput = z.output<typeof consumerSignupInputSchema>;

/** `POST /v1/portal/:tenantSlug/login`. */
export const consumerLoginInputSchema = z.strictObject({
  email,
  password: z.string().min(1).max(256),
});
export type ConsumerLoginInput = z.output<typeof consumerLoginInputSchema>;

/** `GET /v1/me` and the answer of login: the account, the consumer it acts as, and its tenant. */
export const consumerSessionOutputSchema = z
  .object({
    account: z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.iso.datetime() }),
    consumer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  })
  .meta({ id: 'ConsumerSession' });
export type ConsumerSessionOutput = z.infer<typeof consumerSessionOutputSchema>;

/** `POST /v1/portal/:tenantSlug/signup` → 201: also the subscription to the tenant's free public plan, if it has one. */
export const consumerSignupOutputSchema = consumerSessionOutputSchema
  .extend({
    subscription: subscriptionOutputSchema.nullable(),
  })
  .meta({ id: 'ConsumerSignup' });
export type ConsumerSignupOutput = z.infer<typeof consumerSignupOutputSchema>;

/**
 * `GET /v1/portal/:tenantSlug/plans`: one public, unarchived plan with its current terms, and
 * the APIs those terms cover (by name and base path, for a developer choosing a plan).
 */
export const portalPlanOutputSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    terms: planVersionOutputSchema,
    apis: z.array(z.object({ id: z.string(), name: z.string(), basePath: z.string() })),
  })
  .meta({ id: 'PortalPlan' });
export type PortalPlanOutput = z.infer<typeof portalPlanOutputSchema>;
