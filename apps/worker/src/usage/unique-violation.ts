/** A Postgres unique violation (23505) on `table`, as node-postgres reports it (`DatabaseError`). */
export function isUniqueViolationOn(error: unknown, table: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, table: violated } = error as { code?: unknown; table?: unknown };
  return code === '23505' && violated === table;
}
