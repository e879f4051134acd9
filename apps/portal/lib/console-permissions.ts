import { type Role, roles } from './console-types';

/**
 * The few rows of the control plane's permission matrix (docs/permissions.md) the console uses
 * to hide actions a role cannot take. Only a convenience: the API's 403 is what decides, and
 * `console-permissions.test.ts` fails when this copy and the docs disagree.
 */
export const consolePermissions = {
  'members.write': ['owner', 'admin'],
  'members.owners': ['owner'],
  'audit.read': ['owner', 'admin'],
  'releases.preview': ['owner', 'admin', 'developer'],
  'releases.publish': ['owner', 'admin', 'developer'],
} as const satisfies Record<string, readonly Role[]>;

export type ConsolePermission = keyof typeof consolePermissions;

export function can(role: Role, permission: ConsolePermission): boolean {
  return (consolePermissions[permission] as readonly Role[]).includes(role);
}

/** Roles `role` may grant, or change a member from: only owners touch the owner role. */
export function grantableRoles(role: Role): Role[] {
  if (!can(role, 'members.write')) return [];
  return roles.filter((candidate) => candidate !== 'owner' || can(role, 'members.owners'));
}
