import type { PrismaClient } from '@tollgate/db';

/**
 * A fingerprint of every table in the public schema: row count and an md5 over the rows.
 * `sessions` rows are fingerprinted by id only: the session store touches their expiry on every request.
 */
export async function snapshotTables(prisma: PrismaClient): Promise<Record<string, string>> {
  const tables = await prisma.$queryRawUnsafe<Array<{ tablename: string }>>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const result: Record<string, string> = {};
  for (const { tablename } of tables) {
    const row = tablename === 'sessions' ? 't.id' : 't::text';
    const [fingerprint] = await prisma.$queryRawUnsafe<Array<{ rows: bigint; hash: string | null }>>(
      `SELECT count(*) AS rows, md5(string_agg(${row}, '|' ORDER BY ${row})) AS hash FROM "${tablename}" t`,
    );
    result[tablename] = `${fingerprint?.rows ?? 0}:${fingerprint?.hash ?? ''}`;
  }
  return result;
}
