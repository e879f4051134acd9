import { z } from 'zod';
import { authApiPolicies, authRoutePolicies, authTenantPolicies } from './auth.js';
import { edgeApiPolicies, edgeRoutePolicies, edgeTenantPolicies } from './edge.js';
import { limitsApiPolicies, limitsRoutePolicies, limitsTenantPolicies } from './limits.js';
import { opsApiPolicies, opsRoutePolicies, opsTenantPolicies } from './ops.js';
import { transformApiPolicies, transformRoutePolicies, transformTenantPolicies } from './transform.js';
import { upstreamsApiPolicies, upstreamsRoutePolicies, upstreamsTenantPolicies } from './upstreams.js';

/**
 * The policies of an API, a route and a tenant, composed from one file per concern so
 * each stage's settings are read (and extended) in one place.
 */
export const apiPoliciesSchema = z.object({
  ...edgeApiPolicies.shape,
  ...authApiPolicies.shape,
  ...limitsApiPolicies.shape,
  ...transformApiPolicies.shape,
  ...upstreamsApiPolicies.shape,
  ...opsApiPolicies.shape,
});
export type ApiPolicies = z.infer<typeof apiPoliciesSchema>;

export const routePoliciesSchema = z.object({
  ...edgeRoutePolicies.shape,
  ...authRoutePolicies.shape,
  ...limitsRoutePolicies.shape,
  ...transformRoutePolicies.shape,
  ...upstreamsRoutePolicies.shape,
  ...opsRoutePolicies.shape,
});
export type RoutePolicies = z.infer<typeof routePoliciesSchema>;

export const tenantPoliciesSchema = z.object({
  ...edgeTenantPolicies.shape,
  ...authTenantPolicies.shape,
  ...limitsTenantPolicies.shape,
  ...transformTenantPolicies.shape,
  ...upstreamsTenantPolicies.shape,
  ...opsTenantPolicies.shape,
});
export type TenantPolicies = z.infer<typeof tenantPoliciesSchema>;
