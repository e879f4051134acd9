import { z } from 'zod';

/**
 * What the receive and resolve stages need: versions, size limits, custom domains.
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */

const maxBodyBytes = z
  .int()
  .nonnegative()
  .optional()
  .describe('Largest request body in bytes (413 above it); unset: the API, then GATEWAY_MAX_BODY_BYTES');

/**
 * Several APIs of a tenant may share a base path and differ in version. `by: 'path'`: the
 * segment right after the base path names the version (`/weather/v2/today`) and is not
 * forwarded; `by: 'header'`: the `Api-Version` header names it. A request that names no
 * version goes to the API marked `default` (an unversioned API on the same base path is
 * the default too); one that names an unknown version gets 404 `version_not_found`.
 */
export const apiVersionSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-"')
    .describe('The version as callers write it: `v2`, `2024-06-01`'),
  by: z.enum(['path', 'header']).describe('Where callers name the version'),
  default: z.boolean().default(false).describe('Serves requests that name no version'),
});
export type ApiVersion = z.infer<typeof apiVersionSchema>;

export const edgeApiPolicies = z.object({
  version: apiVersionSchema.optional().describe('This API is one version of the APIs on its base path'),
  maxBodyBytes,
});

export const edgeRoutePolicies = z.object({
  maxBodyBytes: maxBodyBytes.describe('Largest request body for this route; overrides the API'),
});

export const edgeTenantPolicies = z.object({
  customDomains: z
    .array(
      z
        .string()
        .toLowerCase()
        .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a host name'),
    )
    .default([])
    .describe(
      'Verified custom domains that serve this tenant (the control plane writes only verified ones here)',
    ),
});
