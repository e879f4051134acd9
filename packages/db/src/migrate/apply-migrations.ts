import { ensureDatabase } from './ensure-database.js';
import { readMigrationList, readSchemaFiles } from './migration-files.js';
import { defaultMigrationsDir, defaultSchemaDir } from './paths.js';
import { schemaFilters, withSchemaEngine } from './schema-engine.js';

export interface MigrationOptions {
  /** Folder of `<timestamp>_<name>/migration.sql` folders; defaults to the repo's `prisma/migrations`. */
  migrationsDir?: string;
  /** Folder of `*.prisma` files; defaults to the repo's `prisma/schema`. */
  schemaDir?: string;
}

export interface ApplyMigrationsResult {
  /** True when the database did not exist and was created. */
  createdDatabase: boolean;
  /** Names of the migrations applied now; empty when the database was up to date. */
  appliedMigrationNames: string[];
}

/**
 * Applies every pending migration, like `prisma migrate deploy` (same `_prisma_migrations`
 * table), creating the database first when it does not exist.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<ApplyMigrationsResult> {
  const createdDatabase = await ensureDatabase(databaseUrl);
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir);
  const schemaFiles = await readSchemaFiles(options.schemaDir ?? defaultSchemaDir);
  const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, schemaFiles, (engine) =>
    engine.applyMigrations({ migrationsList, filters: schemaFilters }),
  );
  return { createdDatabase, appliedMigrationNames };
}
