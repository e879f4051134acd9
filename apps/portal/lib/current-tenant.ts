import type { Membership } from './api-types';

/** Where the browser remembers the tenant the console shows (a member of several picks one). */
export const currentTenantStorageKey = 'tollgate.console.tenantId';

/** The remembered tenant when the user is still its member, else the first membership. */
export function pickTenant(memberships: Membership[], rememberedId: string | null): Membership | undefined {
  return memberships.find((membership) => membership.tenantId === rememberedId) ?? memberships[0];
}

export function rememberTenant(tenantId: string): void {
  try {
    window.localStorage.setItem(currentTenantStorageKey, tenantId);
  } catch {
    // Storage refused (private mode): the console falls back to the first tenant.
  }
}

export function rememberedTenant(): string | null {
  try {
    return window.localStorage.getItem(currentTenantStorageKey);
  } catch {
    return null;
  }
}
