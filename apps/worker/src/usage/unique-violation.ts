/**
 * A Postgres unique violation (23505) on `table`, as Prisma reports it: P2002 from model
 * queries, P2010 with the driver adapter's cause from raw queries.
 */
export function isUniqueViolationOn(error: unknown, table: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: Record<string, unknown> };
  const cause = (meta?.driverAdapterError as { cause?: Record<string, unknown> } | undefined)?.cause;
  if (code === 'P2002') return meta?.modelName === table || cause?.table === table;
  return (
    cause !== undefined &&
    (cause.kind === 'UniqueConstraintViolation' || cause.originalCode === '23505') &&
    cause.table === table
  );
}
