import { z } from 'zod';

/**
 * Rewrites, header changes, CORS and the identity sent upstream (the transform stage).
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const transformApiPolicies = z.object({});
export const transformRoutePolicies = z.object({});
export const transformTenantPolicies = z.object({});
