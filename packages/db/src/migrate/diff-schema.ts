import type { MigrationOptions } from './apply-migrations.js';
import { ensureDatabase } from './ensure-database.js';
import { readMigrationList, readSchemaFiles } from './migration-files.js';
import { defaultMigrationsDir, defaultSchemaDir } from './paths.js';
import { schemaFilters, withSchemaEngine } from './schema-engine.js';

/**
 * The SQL that takes a database migrated with every migration to the current schema;
 * empty when they match. `databaseUrl` is the server where a temporary shadow database
 * is created to replay the migrations.
 */
export async function diffMigrationsToSchema(
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<string> {
  await ensureDatabase(databaseUrl);
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir);
  const files = await readSchemaFiles(options.schemaDir ?? defaultSchemaDir);
  const from =
    migrationsList.migrationDirectories.length === 0
      ? { tag: 'empty' as const }
      : { tag: 'migrations' as const, ...migrationsList };
  const result = await withSchemaEngine(databaseUrl, files, (engine) =>
    engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: schemaFilters,
    }),
  );
  const sql = result.stdout ?? '';
  return isEmptyMigration(sql) ? '' : sql;
}

/** True when a diff script holds no statement (the engine writes a comment for an empty one). */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
