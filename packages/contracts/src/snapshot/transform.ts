import { z } from 'zod';
import { sealedSecretSchema } from './sealed-secret.js';

/**
 * Rewrites, header changes, CORS and the identity sent upstream (the transform stage).
 * Every field is optional or defaulted, so snapshots written before it still parse.
 * API policies apply to all of an API's routes; a route's own policies win over them.
 */

/** RFC 9110 token. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name');

/**
 * Headers nobody may set or remove by policy: hop-by-hop and framing headers (the proxy
 * owns them), and the gateway's own identity headers (set by the gateway only).
 */
export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.startsWith('tollgate-') ||
    lower.startsWith('x-tollgate-') ||
    [
      'host',
      'connection',
      'keep-alive',
      'transfer-encoding',
      'content-length',
      'te',
      'trailer',
      'upgrade',
      'proxy-connection',
    ].includes(lower)
  );
}

const policyHeaderName = headerName.refine((name) => !isReservedHeader(name), {
  message: 'is reserved: hop-by-hop, framing and Tollgate-* headers cannot be changed by policy',
});

/** Header value: visible ASCII and spaces/tabs, no CR/LF. */
const headerValue = z.string().regex(/^[\t\x20-\x7e]*$/, 'must be printable ASCII without line breaks');

export const headerChangesSchema = z
  .object({
    /** Set (replacing any value of the same name), by header name. */
    set: z.record(policyHeaderName, headerValue).default({}),
    /** Removed, by header name (case-insensitive). Applied before `set`. */
    remove: z.array(policyHeaderName).default([]),
  })
  .describe('Headers set and removed; removals first, then sets');
export type HeaderChanges = z.infer<typeof headerChangesSchema>;

const corsOrigin = z
  .string()
  .refine((value) => value === '*' || /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(value), {
    message: 'must be "*" or an origin like https://app.example.com (lower case, no path)',
  });

const corsMethod = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export const corsPolicySchema = z
  .object({
    /** `*` (any origin) or exact origins, e.g. `https://app.example.com`. */
    allowedOrigins: z.array(corsOrigin).min(1),
    allowedMethods: z.array(corsMethod).default(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
    /** Request headers a browser may send; `*` allows any (not with credentials). */
    allowedHeaders: z
      .array(z.union([z.literal('*'), headerName]))
      .default(['Authorization', 'Content-Type', 'X-Api-Key', 'Api-Version', 'X-Request-Id']),
    /** Response headers scripts may read, besides the ones always exposed (RateLimit, Retry-After, X-Request-Id). */
    exposedHeaders: z.array(headerName).default([]),
    allowCredentials: z.boolean().default(false),
    /** How long a browser may cache a preflight answer. */
    maxAgeSeconds: z.int().min(0).max(86_400).default(600),
  })
  .refine((cors) => !(cors.allowCredentials && cors.allowedOrigins.includes('*')), {
    message: 'allowCredentials cannot be combined with the "*" origin: list the origins',
    path: ['allowedOrigins'],
  })
  .refine((cors) => !(cors.allowCredentials && cors.allowedHeaders.includes('*')), {
    message: 'allowCredentials cannot be combined with the "*" header: list the headers',
    path: ['allowedHeaders'],
  })
  .describe('CORS answered by the gateway; preflights never reach the upstream and need no key');
export type CorsPolicy = z.infer<typeof corsPolicySchema>;

/** `/users/{id}`, `/legacy/*`: literal segments, `{name}` parameters, an optional trailing `*`. */
const rewriteTemplate = z
  .string()
  .regex(
    /^\/([A-Za-z0-9._~!$&'()+,;=:@%-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\*)?(\/([A-Za-z0-9._~!$&'()+,;=:@%-]+|\{[A-Za-z_][A-Za-z0-9_]*\}|\*))*$/,
    {
      message: 'must be a path template: /literal/{param}/…, optionally ending in /*',
    },
  );

function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
}

function starOnlyLast(template: string): boolean {
  const at = template.indexOf('*');
  return at === -1 || (at === template.length - 1 && template.endsWith('/*'));
}

export const pathRewriteSchema = z
  .object({
    /** Matched against the path below the API's base path, e.g. `/users/{id}` or `/legacy/*`. */
    from: rewriteTemplate,
    /** What is forwarded instead, e.g. `/v1/people/{id}` or `/v2/*`; uses only `from`'s parameters. */
    to: rewriteTemplate,
  })
  .superRefine((rewrite, ctx) => {
    for (const key of ['from', 'to'] as const) {
      if (!starOnlyLast(rewrite[key]))
        ctx.addIssue({ code: 'custom', path: [key], message: '* only as the last segment' });
    }
    const known = new Set(templateParams(rewrite.from));
    for (const name of templateParams(rewrite.to)) {
      if (!known.has(name))
        ctx.addIssue({ code: 'custom', path: ['to'], message: `{${name}} is not in from` });
    }
    if (rewrite.to.endsWith('/*') && !rewrite.from.endsWith('/*')) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'ends in /* but from does not' });
    }
  })
  .describe(
    'Path rewrite below the base path; requests whose path does not match `from` are forwarded unchanged',
  );
export type PathRewrite = z.infer<typeof pathRewriteSchema>;

export const transformApiPolicies = z.object({
  requestHeaders: headerChangesSchema.optional().describe('Headers changed on every request sent upstream'),
  responseHeaders: headerChangesSchema.optional().describe('Headers changed on every upstream answer'),
  /** Absent: the gateway does not answer CORS for this API (the upstream may). */
  cors: corsPolicySchema.optional(),
  /**
   * Keys the `Tollgate-Signature` HMAC; two while rotating (both are sent as `v1=`).
   * Sealed with the context `<tenantId>:<apiId>:signing`.
   */
  signingSecrets: z.array(sealedSecretSchema).min(1).max(2).optional(),
});
export const transformRoutePolicies = z.object({
  rewrite: pathRewriteSchema.optional(),
  /** Merged over the API's: the route's `set` wins for the same name, its `remove` drops the API's `set`. */
  requestHeaders: headerChangesSchema.optional(),
  responseHeaders: headerChangesSchema.optional(),
  /** Replaces the API's CORS for this route; `null` turns CORS off for it. */
  cors: corsPolicySchema.nullable().optional(),
});
export const transformTenantPolicies = z.object({});

/** The context a signing secret is sealed with: moved to another API or tenant, it will not open. */
export function signingSecretContext(tenantId: string, apiId: string): string {
  return `${tenantId}:${apiId}:signing`;
}
