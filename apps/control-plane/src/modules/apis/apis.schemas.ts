import { apiPoliciesSchema, apiVersionSchema, snapshotApiSchema } from '@tollgate/contracts';
import { z } from 'zod';
import { routeOutputSchema } from '../routes/routes.schemas.js';
import { upstreamTargetOutputSchema } from '../upstream-targets/upstream-targets.schemas.js';
import { httpUrl } from './api-config/http-url.js';

/**
 * The API's stage settings, from the snapshot contract: the version is its own field, targets
 * and signing secrets have their own routes, so none of them is set here.
 */
export const apiPoliciesInputSchema = apiPoliciesSchema
  .omit({ version: true, targets: true, signingSecrets: true })
  .strict();
export type ApiPoliciesInput = z.output<typeof apiPoliciesInputSchema>;

const basePath = snapshotApiSchema.shape.basePath
  .max(200)
  .refine((p) => !p.includes('//'), 'Must not contain "//"');

/** `null`: unversioned (the only API on its base path, or the fallback of its versions). */
const version = apiVersionSchema.strict().nullable();

export const createApiInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).nullish(),
  /** Same rule as the snapshot's, so a created API always compiles. */
  basePath,
  upstreamUrl: httpUrl,
  sandboxUpstreamUrl: httpUrl.nullish(),
  version: version.optional(),
  policies: apiPoliciesInputSchema.optional(),
});
export type CreateApiInput = z.output<typeof createApiInputSchema>;

/** Absent fields are kept; `policies` replaces the API's policies as a whole. */
export const updateApiInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  basePath: basePath.optional(),
  upstreamUrl: httpUrl.optional(),
  sandboxUpstreamUrl: httpUrl.nullable().optional(),
  version: version.optional(),
  policies: apiPoliciesInputSchema.optional(),
});
export type UpdateApiInput = z.output<typeof updateApiInputSchema>;

export const signingSecretOutputSchema = z
  .object({
    id: z.string(),
    /** The last four characters; the secret itself is never shown again. */
    last4: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'SigningSecret' });
export type SigningSecretOutput = z.infer<typeof signingSecretOutputSchema>;

export const apiOutputSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    basePath: z.string(),
    upstreamUrl: z.string(),
    sandboxUpstreamUrl: z.string().nullable(),
    version: apiVersionSchema.nullable(),
    policies: z.record(z.string(), z.unknown()),
    signingSecrets: z.array(signingSecretOutputSchema),
    routes: z.array(routeOutputSchema),
    upstreamTargets: z.array(upstreamTargetOutputSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Api' });
export type ApiOutput = z.infer<typeof apiOutputSchema>;
