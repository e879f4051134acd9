import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationOptions } from './apply-migrations.js';
import { diffMigrationsToSchema } from './diff-schema.js';
import { lockfileContent, lockfileName } from './migration-files.js';
import { defaultMigrationsDir } from './paths.js';

/** `20261123041500` for a UTC instant, the folder prefix Prisma uses. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Writes `<timestamp>_<name>/migration.sql` with the SQL that takes the existing migrations
 * to the schema. Returns the new folder, or null when the schema matches the migrations.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  options: MigrationOptions = {},
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('A migration name is lowercase letters, digits and "_"');
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  const sql = await diffMigrationsToSchema(databaseUrl, options);
  if (!sql) return null;
  const folder = join(migrationsDir, `${migrationTimestamp(new Date())}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'migration.sql'), sql);
  const lockPath = join(migrationsDir, lockfileName);
  if (!existsSync(lockPath)) await writeFile(lockPath, lockfileContent);
  return folder;
}
