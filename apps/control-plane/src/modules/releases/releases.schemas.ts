import { configSnapshotSchema } from '@tollgate/contracts';
import { z } from 'zod';

export const releaseInputSchema = z.strictObject({
  /** Why: shown in the release list and the audit log. */
  reason: z.string().trim().min(1).max(500),
});
export type ReleaseInput = z.output<typeof releaseInputSchema>;

/** `:version` of a release. */
export const versionParamSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** `POST /releases/dry-run`: the recorded window to replay (default the last 24 h, at most 31 days). */
export const dryRunInputSchema = z.strictObject({
  window: z
    .strictObject({
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    })
    .default({}),
});
export type DryRunInput = z.output<typeof dryRunInputSchema>;

export const releaseKindSchema = z.enum(['auto', 'manual', 'rollback']);

/** One line of a release diff, in words a provider reads; the other fields say where. */
export const releaseChangeSchema = z
  .object({
    kind: z.enum([
      'api.added',
      'api.removed',
      'api.changed',
      'route.added',
      'route.removed',
      'policy.changed',
      'plan.added',
      'plan.removed',
      'plan.changed',
      'limit.changed',
    ]),
    summary: z.string(),
    /** API name. */
    api: z.string().optional(),
    /** `METHOD /template`, below the API's base path. */
    route: z.string().optional(),
    /** Plan name. */
    plan: z.string().optional(),
    /** Policy name (`cors`, `auth`…) for `policy.changed`, `rateLimit`/`monthlyQuota` for `limit.changed`. */
    policy: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .meta({ id: 'ReleaseChange' });
export type ReleaseChange = z.infer<typeof releaseChangeSchema>;

export const releaseProblemSchema = z
  .object({
    /** The check that found it. */
    check: z.string(),
    /** `error` refuses the release (422 `invalid_release`); `warning` is shown and publishes. */
    severity: z.enum(['error', 'warning']),
    /** Where in the snapshot (`apis.0.upstream.url`), or empty. */
    path: z.string(),
    message: z.string(),
  })
  .meta({ id: 'ReleaseProblem' });
export type ReleaseProblem = z.infer<typeof releaseProblemSchema>;

/** An answer: the status and catalog code, or `status: null` for "forwarded to the upstream" (its answer unknown). */
export const dryRunAnswerSchema = z.object({ status: z.int().nullable(), code: z.string().nullable() });
export type DryRunAnswer = z.infer<typeof dryRunAnswerSchema>;

export const dryRunChangeSchema = z.object({
  from: dryRunAnswerSchema,
  to: dryRunAnswerSchema,
  requests: z.int(),
  consumers: z.int(),
  /** "412 requests from 3 consumers would have got 429 instead of 200". */
  summary: z.string(),
  sampleRequestIds: z.array(z.string()),
  byConsumer: z.array(z.object({ consumerId: z.string().nullable(), requests: z.int() })),
  byRoute: z.array(
    z.object({
      routeId: z.string().nullable(),
      method: z.string().nullable(),
      pathTemplate: z.string().nullable(),
      requests: z.int(),
    }),
  ),
});
export type DryRunChange = z.infer<typeof dryRunChangeSchema>;

/** Recorded requests of a window replayed against a candidate config: whose answers would change. */
export const dryRunReportSchema = z
  .object({
    window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    liveVersion: z.int().nullable(),
    candidateVersion: z.int(),
    /** Requests of the window replayed (oldest first). */
    replayed: z.int(),
    /** Requests whose answer would change. */
    changed: z.int(),
    /** The window held more requests than a dry run replays: only the oldest were. */
    truncated: z.boolean(),
    changes: z.array(dryRunChangeSchema),
    /** Routes of the live config whose recorded requests would now answer 404. */
    routesNowNotFound: z.array(
      z.object({
        routeId: z.string(),
        method: z.string().nullable(),
        pathTemplate: z.string().nullable(),
        requests: z.int(),
        summary: z.string(),
      }),
    ),
    summary: z.array(z.string()),
  })
  .meta({ id: 'DryRunReport' });
export type DryRunReport = z.infer<typeof dryRunReportSchema>;

/** What publishing the tenant's current config would change, and what the checks say. */
export const releasePreviewSchema = z
  .object({
    /** The version live now; null before the first publish. */
    liveVersion: z.int().nullable(),
    changes: z.array(releaseChangeSchema),
    problems: z.array(releaseProblemSchema),
    /** False when a check found an error: publishing would answer 422 `invalid_release`. */
    publishable: z.boolean(),
    /** Recorded requests of the last 24 h replayed against this config: whose answers would change. */
    dryRun: dryRunReportSchema.nullable(),
  })
  .meta({ id: 'ReleasePreview' });
export type ReleasePreview = z.infer<typeof releasePreviewSchema>;

export const publishedReleaseSchema = z
  .object({
    version: z.int(),
    changes: z.array(releaseChangeSchema),
    problems: z.array(releaseProblemSchema),
    /** The dry run stored with the release (null for automatic releases). */
    dryRun: dryRunReportSchema.nullable(),
  })
  .meta({ id: 'PublishedRelease' });
export type PublishedRelease = z.infer<typeof publishedReleaseSchema>;

/** A config version in the release list. */
export const releaseOutputSchema = z
  .object({
    version: z.int(),
    kind: releaseKindSchema,
    /** The newest version is the live one. */
    live: z.boolean(),
    publishedBy: z.object({ id: z.string(), name: z.string() }),
    reason: z.string(),
    rollbackOf: z.int().nullable(),
    createdAt: z.iso.datetime(),
    changes: z.array(releaseChangeSchema),
  })
  .meta({ id: 'Release' });
export type ReleaseOutput = z.infer<typeof releaseOutputSchema>;

/** One config version with its stored dry run and the snapshot the gateways load. */
export const releaseDetailOutputSchema = releaseOutputSchema
  .extend({ dryRun: dryRunReportSchema.nullable(), snapshot: configSnapshotSchema })
  .meta({ id: 'ReleaseDetail' });
export type ReleaseDetailOutput = z.infer<typeof releaseDetailOutputSchema>;

/** Which config version a live gateway process serves for the tenant (from its heartbeat). */
export const gatewayServingSchema = z
  .object({
    gatewayId: z.string(),
    /** Null when it has none loaded. */
    version: z.int().nullable(),
    /** Its last heartbeat. */
    seenAt: z.iso.datetime(),
  })
  .meta({ id: 'GatewayServing' });
export type GatewayServing = z.infer<typeof gatewayServingSchema>;
