import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.js';
import { applyMigrations } from './apply-migrations.js';
import { quoteIdent, withDatabase } from './database-url.js';
import { withMaintenanceClient } from './ensure-database.js';
import { readMigrationList } from './migration-files.js';
import { defaultMigrationsDir } from './paths.js';

/** Admin connection (creates and drops databases); tests may read their own env. */
const testAdminUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

const name = `tollgate_dbtest_${randomBytes(6).toString('hex')}`;
const url = withDatabase(testAdminUrl, name);

afterAll(async () => {
  await withMaintenanceClient(testAdminUrl, (c) =>
    c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
});

describe('applyMigrations', () => {
  it('migrate.fresh-database.ok: creates the database and applies every migration', async () => {
    const { migrationDirectories } = await readMigrationList(defaultMigrationsDir);
    const result = await applyMigrations(url);
    expect(result.createdDatabase).toBe(true);
    expect(result.appliedMigrationNames).toEqual(migrationDirectories.map((d) => d.path));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await client.query(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
      );
      expect(rows.rows.map((r) => r.migration_name)).toEqual(result.appliedMigrationNames);
    } finally {
      await client.end();
    }
  });

  it('migrate.up-to-date.ok: a second run applies nothing', async () => {
    const result = await applyMigrations(url);
    expect(result).toEqual({ createdDatabase: false, appliedMigrationNames: [] });
  });

  it('migrate.client.ok: the generated client reads and writes the migrated tables', async () => {
    const prisma = createPrismaClient(url);
    try {
      const tenant = await prisma.tenant.create({
        data: { id: 'tnt_migratetest', slug: 'migrate-test', name: 'Migrate test' },
      });
      expect(await prisma.tenant.findUnique({ where: { slug: 'migrate-test' } })).toEqual(tenant);
    } finally {
      await prisma.$disconnect();
    }
  });
});
