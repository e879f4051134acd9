import { z } from 'zod';

/**
 * How callers authenticate per API/route: key, JWT, OAuth2 introspection, anonymous.
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const authApiPolicies = z.object({});
export const authRoutePolicies = z.object({});
export const authTenantPolicies = z.object({});
