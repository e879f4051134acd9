import { z } from 'zod';
import { createApiInputSchema } from '../apis/apis.schemas.js';
import { createPlanInputSchema } from '../plans/plans.schemas.js';
import { releaseChangeSchema, releaseProblemSchema } from '../releases/releases.schemas.js';
import { createRouteInputSchema } from '../routes/routes.schemas.js';
import { createUpstreamTargetInputSchema } from '../upstream-targets/upstream-targets.schemas.js';
import { apiKeyOf, routeKeyOf } from './natural-keys.js';

/**
 * The declarative config document (`tollgate export` / `tollgate apply`): a tenant's APIs with
 * their routes and upstream targets, and its plans, named by natural keys, never by ids. Each
 * entry is the same input the matching service takes, so the document is validated as the
 * console's calls are; what is absent is absent (no default to "keep").
 */

export const configApiVersion = 'tollgate/v1';
export const configKind = 'TenantConfig';

/** An API's key: its base path, plus `@<version>` for one version of a versioned base path. */
const apiKey = z.string().regex(/^(\/[a-z0-9][a-z0-9_-]*)+(@[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/, {
  message: 'an API base path, with @<version> for a versioned API (e.g. /weather@v2)',
});

export const documentRouteSchema = createRouteInputSchema;

export const documentTargetSchema = createUpstreamTargetInputSchema;

export const documentApiSchema = createApiInputSchema.extend({
  routes: z.array(documentRouteSchema).max(500).default([]),
  upstreamTargets: z.array(documentTargetSchema).max(100).default([]),
  /** Read-only: secrets are never exported, and apply leaves the API's signing secrets as they are. */
  signingSecrets: z.strictObject({ count: z.int().nonnegative().max(10) }).optional(),
});

export const documentPlanSchema = createPlanInputSchema.omit({ apiIds: true }).extend({
  /** The APIs the plan covers, by key (`/weather`, `/weather@v2`). */
  apis: z.array(apiKey).min(1).max(100),
});

/** The keys of `items` that appear twice, as field errors at `path.<index>`. */
function duplicates<T>(
  items: T[],
  keyOf: (item: T) => string,
  path: (index: number) => (string | number)[],
  ctx: z.RefinementCtx,
  what: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: path(index), message: `${what} ${key} appears twice` });
    seen.add(key);
  });
}

export const configDocumentSchema = z
  .strictObject({
    apiVersion: z.literal(configApiVersion),
    kind: z.literal(configKind),
    metadata: z
      .strictObject({
        /** The tenant's slug: apply refuses a document made for another tenant. */
        tenant: z.string().min(1).max(100).optional(),
      })
      .default({}),
    apis: z.array(documentApiSchema).max(200).default([]),
    plans: z.array(documentPlanSchema).max(200).default([]),
  })
  .superRefine((document, ctx) => {
    duplicates(document.apis, apiKeyOf, (i) => ['apis', i, 'basePath'], ctx, 'API');
    document.apis.forEach((api, a) => {
      duplicates(api.routes, routeKeyOf, (r) => ['apis', a, 'routes', r, 'pathTemplate'], ctx, 'Route');
      duplicates(
        api.upstreamTargets,
        (t) => t.url,
        (t) => ['apis', a, 'upstreamTargets', t, 'url'],
        ctx,
        'Target',
      );
    });
    duplicates(
      document.plans,
      (p) => p.name,
      (p) => ['plans', p, 'name'],
      ctx,
      'Plan',
    );
    const apiKeys = new Set(document.apis.map(apiKeyOf));
    document.plans.forEach((plan, p) => {
      plan.apis.forEach((key, k) => {
        if (!apiKeys.has(key))
          ctx.addIssue({
            code: 'custom',
            path: ['plans', p, 'apis', k],
            message: `No API ${key} in this document`,
          });
      });
    });
  })
  .meta({ id: 'ConfigDocument' });
export type ConfigDocument = z.output<typeof configDocumentSchema>;

export const configPlanInputSchema = z.strictObject({ document: configDocumentSchema });
export type ConfigPlanInput = z.output<typeof configPlanInputSchema>;

export const configApplyInputSchema = z.strictObject({
  document: configDocumentSchema,
  /** Why: shown in the release list and the audit log. */
  reason: z.string().trim().min(1).max(500),
  /**
   * The live version the plan was made against (`liveVersion` of the plan; null before the first
   * release): when another release was published since, nothing is applied (409 `live_version_changed`).
   */
  expectedLiveVersion: z.int().positive().nullable().optional(),
});
export type ConfigApplyInput = z.output<typeof configApplyInputSchema>;

/** One field that differs: `before` is the live value, `after` the document's. */
export const fieldChangeSchema = z.object({
  /** `name`, `upstreamUrl`, `policies.cors`, `pricing.includedCalls`… */
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

/** One resource an apply creates, updates or deletes. */
export const resourceChangeSchema = z
  .object({
    action: z.enum(['create', 'update', 'delete']),
    resource: z.enum(['api', 'route', 'upstreamTarget', 'plan']),
    /** The natural key: an API key (`/weather`, `/weather@v2`), `GET /forecast`, a target URL, a plan name. */
    key: z.string(),
    /** The API (its key) of a route or target. */
    api: z.string().optional(),
    /** Updates: each field that changes. */
    fields: z.array(fieldChangeSchema),
    summary: z.string(),
  })
  .meta({ id: 'ResourceChange' });
export type ResourceChange = z.infer<typeof resourceChangeSchema>;
export type ResourceKind = ResourceChange['resource'];
export type ResourceAction = ResourceChange['action'];

/** `POST /config/plan`: what applying the document would change. */
export const configPlanOutputSchema = z
  .object({
    /** The live version the plan was made against (send it back as `expectedLiveVersion`). */
    liveVersion: z.int().nullable(),
    /** Resource by resource, field by field; empty: applying changes nothing. */
    changes: z.array(resourceChangeSchema),
    /** What the release would change for callers, in words, and what the release checks say; null when nothing changes. */
    release: z
      .object({
        changes: z.array(releaseChangeSchema),
        problems: z.array(releaseProblemSchema),
        publishable: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'ConfigPlan' });
export type ConfigPlan = z.infer<typeof configPlanOutputSchema>;

/** `POST /config/apply`: what changed and the release it was published as. */
export const configAppliedOutputSchema = z
  .object({
    changes: z.array(resourceChangeSchema),
    /** The release published, or null when nothing changed (no release, no audit event). */
    release: z
      .object({
        version: z.int(),
        changes: z.array(releaseChangeSchema),
        problems: z.array(releaseProblemSchema),
      })
      .nullable(),
    /** The live version after the apply. */
    liveVersion: z.int().nullable(),
  })
  .meta({ id: 'ConfigApplied' });
export type ConfigApplied = z.infer<typeof configAppliedOutputSchema>;
