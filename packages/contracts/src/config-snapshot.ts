import { z } from 'zod';
import { rateLimitSchema } from './snapshot/limits.js';
import { apiPoliciesSchema, routePoliciesSchema, tenantPoliciesSchema } from './snapshot/policies.js';

/**
 * The config snapshot: one tenant's APIs, routes, upstreams and plans compiled by the
 * control plane into an immutable, versioned document. The gateway serves only from it.
 * Later issues extend these objects (policies, CORS, JWT…); they never rename fields.
 */

export const httpMethodSchema = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'ANY']);
export type HttpMethod = z.infer<typeof httpMethodSchema>;

export const upstreamSchema = z.object({
  /** Absolute base URL the API's traffic is forwarded to, e.g. `http://127.0.0.1:4010`. */
  url: z.url(),
});
export type Upstream = z.infer<typeof upstreamSchema>;

export const routeSchema = z.object({
  id: z.string(),
  /** `ANY` matches every method. */
  method: httpMethodSchema,
  /** Path template below the API's base path: `/*` (everything), `/users/{id}`. */
  pathTemplate: z.string().startsWith('/'),
  policies: routePoliciesSchema.prefault({}),
});
export type SnapshotRoute = z.infer<typeof routeSchema>;

export const snapshotApiSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Base path the API is served under, e.g. `/echo`; never ends with `/`. */
  basePath: z
    .string()
    .regex(/^(\/[a-z0-9][a-z0-9_-]*)+$/, 'lowercase segments, each starting with a letter or digit'),
  upstream: upstreamSchema,
  /** Where `tg_test_` keys go; an API without one refuses them. */
  sandboxUpstream: upstreamSchema.nullable(),
  routes: z.array(routeSchema),
  policies: apiPoliciesSchema.prefault({}),
});
export type SnapshotApi = z.infer<typeof snapshotApiSchema>;

export const snapshotPlanSchema = z.object({
  id: z.string(),
  /** Plan versions are immutable; subscriptions point at one. */
  version: z.int().positive(),
  name: z.string(),
  apiIds: z.array(z.string()),
  rateLimit: rateLimitSchema.nullable(),
  /** Calls per billing period shared by a subscription's keys; null is unlimited. */
  monthlyQuota: z.int().nonnegative().nullable(),
});
export type SnapshotPlan = z.infer<typeof snapshotPlanSchema>;

export const configSnapshotSchema = z.object({
  tenantId: z.string(),
  /** Slug used in hosts (`{slug}.<gateway domain>`) and `/t/{slug}` prefixes. */
  tenantSlug: z.string(),
  version: z.int().positive(),
  createdAt: z.iso.datetime(),
  apis: z.array(snapshotApiSchema),
  /** Every plan version a live subscription still uses. */
  plans: z.array(snapshotPlanSchema),
  policies: tenantPoliciesSchema.prefault({}),
});
export type ConfigSnapshot = z.infer<typeof configSnapshotSchema>;
/** A snapshot as written (policies may be left out); parse it to get a {@link ConfigSnapshot}. */
export type ConfigSnapshotInput = z.input<typeof configSnapshotSchema>;

/** Published on {@link redisChannels.configPublished} when a tenant gets a new snapshot. */
export const configPublishedNoticeSchema = z.object({
  tenantId: z.string(),
  version: z.int().positive(),
});
export type ConfigPublishedNotice = z.infer<typeof configPublishedNoticeSchema>;
