import type { PortalKey } from './portal-types';

/** The list after a change: `changed` keys replace their rows in place; keys not listed yet go first. */
export function mergeKeys(keys: PortalKey[] | null, changed: PortalKey[]): PortalKey[] {
  const known = keys ?? [];
  const byId = new Map(changed.map((key) => [key.id, key]));
  const fresh = changed.filter((key) => !known.some((listed) => listed.id === key.id));
  return [...fresh, ...known.map((key) => byId.get(key.id) ?? key)];
}
