import { SetMetadata } from '@nestjs/common';
import type { MembershipRole } from '@tollgate/db';

/**
 * THE permission matrix: which roles hold each permission. The only copy in the code; the
 * table in `docs/permissions.md` says the same in words (keep the two in step). `TenantGuard`
 * enforces it for every `/v1/tenants/:tenantId/...` route through `@RequirePermission`.
 */
export const permissionMatrix = {
  'tenant.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'tenant.write': ['owner', 'admin'],
  /** Leave the tenant (one's own membership); the last owner is refused with `last_owner`. */
  'tenant.leave': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'members.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  /** Invite, change roles, remove members (owners excepted, see `members.owners`). */
  'members.write': ['owner', 'admin'],
  /** Grant the owner role, and demote or remove an owner: checked by the members service. */
  'members.owners': ['owner'],
  'apis.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'apis.write': ['owner', 'admin', 'developer'],
  'plans.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'plans.write': ['owner', 'admin'],
  'consumers.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'consumers.write': ['owner', 'admin', 'developer'],
  'subscriptions.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'subscriptions.write': ['owner', 'admin', 'developer'],
  'keys.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'keys.write': ['owner', 'admin', 'developer'],
  'usage.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'usage.write': ['owner', 'admin', 'finance'],
  'billing.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'billing.write': ['owner', 'admin', 'finance'],
  /** The request log: look a request up by id, review denials, sample request ids behind usage. */
  'requests.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'releases.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  /** Compute the diff a publish would make (changes nothing, but runs the release checks). */
  'releases.preview': ['owner', 'admin', 'developer'],
  /** Publish a release, or roll back to an earlier version. */
  'releases.publish': ['owner', 'admin', 'developer'],
  'audit.read': ['owner', 'admin'],
  /** Webhook endpoints and their delivery log (payloads name consumers and their usage). */
  'webhooks.read': ['owner', 'admin', 'developer'],
  /** Create, change, delete endpoints, rotate their secrets, send test events, redeliver. */
  'webhooks.write': ['owner', 'admin', 'developer'],
  /** Usage alerts (the console's banners) and plans' alert thresholds. */
  'alerts.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  'alerts.write': ['owner', 'admin'],
  'domains.read': ['owner', 'admin', 'developer', 'finance', 'viewer'],
  /** Add, verify and delete custom domains; upload their certificates. */
  'domains.write': ['owner', 'admin'],
} as const satisfies Record<string, readonly MembershipRole[]>;

export type Permission = keyof typeof permissionMatrix;

export const permissions = Object.keys(permissionMatrix) as Permission[];

export function roleHas(role: MembershipRole, permission: Permission): boolean {
  return (permissionMatrix[permission] as readonly MembershipRole[]).includes(role);
}

export const permissionKey = 'tollgate:permission';

/**
 * The permission a tenant route needs. Every route behind `TenantGuard` declares one; a route
 * without it is refused to every role (403), so a forgotten declaration fails closed.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(permissionKey, permission);
