import { z } from 'zod';
import { sealedSecretSchema } from './sealed-secret.js';

/**
 * How callers authenticate per API/route: key, JWT, OAuth2 introspection, anonymous.
 * Every field is optional or defaulted, so snapshots written before it still parse.
 * The identity providers (JWKS, introspection endpoint) are the tenant's; each API picks
 * one mode, and a route may override its API's mode.
 */

export const authModeSchema = z
  .enum(['key', 'jwt', 'oauth2', 'anonymous'])
  .describe(
    '`key`: a Tollgate API key; `jwt`: a JWT signed by the tenant JWKS; `oauth2`: an opaque token checked by introspection; `anonymous`: no credential (limited per client IP)',
  );
export type AuthMode = z.infer<typeof authModeSchema>;

/** JWT bearer tokens verified against the tenant's JWKS (RS256/ES256 only). */
export const jwtSettingsSchema = z.object({
  /** HTTPS URL of the JSON Web Key Set; fetched in the background, never per request. */
  jwksUrl: z.url(),
  /** Expected `iss`. */
  issuer: z.string().min(1),
  /** Accepted `aud` values (a token must name at least one). */
  audiences: z.array(z.string().min(1)).min(1),
  algorithms: z
    .array(z.enum(['RS256', 'ES256']))
    .min(1)
    .default(['RS256', 'ES256']),
  /** Tolerance for `exp`/`nbf`/`iat`, in seconds. */
  clockSkewSeconds: z.int().min(0).max(300).default(30),
  /** The claim naming the consumer by its external id. */
  consumerClaim: z.string().min(1).default('sub'),
  /** How often the JWKS is fetched again in the background. */
  jwksRefreshSeconds: z.int().min(10).default(600),
  /** An unknown `kid` triggers a fetch at most this often. */
  jwksCooldownSeconds: z.int().min(1).default(30),
});
export type JwtSettings = z.infer<typeof jwtSettingsSchema>;

/** Opaque OAuth2 access tokens checked by RFC 7662 introspection. */
export const oauth2SettingsSchema = z.object({
  introspectionUrl: z.url(),
  clientId: z.string().min(1),
  /** Opened once at snapshot load with the gateway's master key (context `<tenantId>:oauth2-client`). */
  clientSecret: sealedSecretSchema,
  consumerClaim: z.string().min(1).default('sub'),
  /** Upper bound on how long an active token's answer is reused (also bounded by its `exp`). */
  maxCacheSeconds: z.int().min(0).default(300),
  /** How long an inactive token's answer is reused. */
  negativeCacheSeconds: z.int().min(0).default(10),
  /** Longest wait for the introspection endpoint. */
  timeoutMs: z.int().min(50).default(2_000),
});
export type OAuth2Settings = z.infer<typeof oauth2SettingsSchema>;

const ipOrCidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** Client IP allow/deny lists: a deny match refuses; a non-empty allow list admits only its matches. */
export const ipRulesSchema = z.object({
  allow: z.array(ipOrCidr).default([]),
  deny: z.array(ipOrCidr).default([]),
});
export type IpRules = z.infer<typeof ipRulesSchema>;

export const authApiPolicies = z.object({
  ipRules: ipRulesSchema.optional().describe('Client IPs allowed or refused on every route of this API'),
  auth: z
    .object({ mode: authModeSchema.default('key') })
    .optional()
    .describe("How this API's callers authenticate; key when left out"),
});
export const authRoutePolicies = z.object({
  auth: z
    .object({ mode: authModeSchema.optional() })
    .optional()
    .describe("Overrides the API's auth mode for this route"),
});
export const authTenantPolicies = z.object({
  auth: z
    .object({ jwt: jwtSettingsSchema.optional(), oauth2: oauth2SettingsSchema.optional() })
    .optional()
    .describe("The tenant's identity providers for APIs in jwt or oauth2 mode"),
});

/** The context a tenant's introspection client secret is sealed for. */
export const oauth2SecretContext = (tenantId: string) => `${tenantId}:oauth2-client`;
