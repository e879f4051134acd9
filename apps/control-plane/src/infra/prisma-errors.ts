/**
 * Reading Prisma's known errors without depending on its class identity. Used by repositories
 * only: they turn a unique violation into the catalog's `conflict`.
 */
interface KnownPrismaError {
  code?: unknown;
  meta?: {
    target?: unknown;
    driverAdapterError?: { cause?: { kind?: unknown; constraint?: { fields?: unknown; index?: unknown } } };
  };
}

/** The columns (or index name) a unique violation hit, or null when `error` is not one. */
export function uniqueViolation(error: unknown): string[] | null {
  if (typeof error !== 'object' || error === null) return null;
  const known = error as KnownPrismaError;
  if (known.code !== 'P2002') return null;
  const target = known.meta?.target;
  if (Array.isArray(target)) return target.map(String);
  if (typeof target === 'string') return [target];
  const constraint = known.meta?.driverAdapterError?.cause?.constraint;
  if (Array.isArray(constraint?.fields)) return constraint.fields.map(String);
  if (typeof constraint?.index === 'string') return [constraint.index];
  return [];
}

/** True when a unique violation involved a column whose name contains `column` (camel or snake case). */
export function violates(fields: string[], column: string): boolean {
  const snake = column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return fields.some((f) => f.includes(column) || f.includes(snake));
}
