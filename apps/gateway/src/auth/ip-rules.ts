import type { IpRules } from '@tollgate/contracts';
import { AddressSet } from '../net/address-set.js';

/** IP allow/deny lists compiled once (per snapshot for an API, per cached key record for a key). */
export interface CompiledIpRules {
  allow: AddressSet | null;
  deny: AddressSet | null;
}

export function compileIpRules(rules: IpRules | null | undefined): CompiledIpRules | null {
  if (!rules) return null;
  const compiled = { allow: AddressSet.parse(rules.allow), deny: AddressSet.parse(rules.deny) };
  return compiled.allow === null && compiled.deny === null ? null : compiled;
}

/** A deny match refuses; a non-empty allow list admits only its matches. */
export function ipAllowed(rules: CompiledIpRules | null, clientIp: string): boolean {
  if (rules === null) return true;
  if (rules.deny?.has(clientIp)) return false;
  return rules.allow === null || rules.allow.has(clientIp);
}
