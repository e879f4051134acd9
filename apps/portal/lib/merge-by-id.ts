/**
 * A list after a change (keys, tokens): `changed` items replace their rows in place; items not
 * listed yet go first. Before the list loads, the changed items are the list.
 */
export function mergeById<T extends { id: string }>(list: T[] | null, changed: T[]): T[] {
  const known = list ?? [];
  const byId = new Map(changed.map((item) => [item.id, item]));
  const fresh = changed.filter((item) => !known.some((listed) => listed.id === item.id));
  return [...fresh, ...known.map((item) => byId.get(item.id) ?? item)];
}
