import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTenant } from './factories/accounts.factory.js';
import {
  createTestDatabase,
  dropStaleTestDatabases,
  ensureTemplateDatabase,
  type TestDatabase,
} from './test-database.js';
import { testEnv } from './test-env.js';

const adminUrl = testEnv().TEST_DATABASE_ADMIN_URL;
const opened: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(opened.map((db) => db.drop()));
});

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

async function dropTemplate(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE false`);
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('test-database.clone.ok: gives a migrated database of its own', async () => {
    const db = await createTestDatabase();
    opened.push(db);
    expect(db.name).toMatch(/^tollgate_test_[0-9a-z]+_[0-9a-f]{12}$/);
    const tenant = await createTenant(db.prisma);
    expect(await db.prisma.tenant.count()).toBe(1);
    expect(await db.prisma.tenant.findUnique({ where: { id: tenant.id } })).toEqual(tenant);
  });

  it('test-database.isolated.ok: rows written in one clone are not in another', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    opened.push(a, b);
    await createTenant(a.prisma);
    expect(await a.prisma.tenant.count()).toBe(1);
    expect(await b.prisma.tenant.count()).toBe(0);
  });

  it('test-database.concurrent-template.ok: parallel callers build one template for new migrations', async () => {
    // Our own migrations (the real ones plus a probe), so the template is built here, not reused.
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-migrations-'));
    const probe = `probe_${randomBytes(6).toString('hex')}`;
    await cp(fileURLToPath(new URL('../../../prisma/migrations', import.meta.url)), dir, { recursive: true });
    await mkdir(join(dir, '99991231000000_probe'));
    await writeFile(
      join(dir, '99991231000000_probe', 'migration.sql'),
      `CREATE TABLE "${probe}" ("id" INTEGER);\n`,
    );
    let template = '';
    try {
      const names = await Promise.all(Array.from({ length: 4 }, () => ensureTemplateDatabase(adminUrl, dir)));
      template = names[0] ?? '';
      expect(new Set(names).size).toBe(1);
      expect(template).toMatch(/^tollgate_template_[0-9a-f]{16}$/);
      const db = await createTestDatabase({ migrationsDir: dir });
      opened.push(db);
      expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM "${probe}"`)).toEqual([
        { n: 0 },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
      if (template) await dropTemplate(template);
    }
  });

  it('test-database.stale-sweep.ok: drops old leftovers and keeps young databases', async () => {
    const young = await createTestDatabase();
    opened.push(young);
    const oldName = `tollgate_test_${(Date.now() - 48 * 3600_000).toString(36)}_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${oldName}"`);
    } finally {
      await client.end();
    }
    const dropped = await dropStaleTestDatabases(adminUrl);
    expect(dropped).toContain(oldName);
    expect(dropped).not.toContain(young.name);
    expect(await databaseExists(oldName)).toBe(false);
    expect(await databaseExists(young.name)).toBe(true);
  });

  it('test-database.drop.ok: drop removes the database', async () => {
    const db = await createTestDatabase();
    expect(await databaseExists(db.name)).toBe(true);
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
  });
});
