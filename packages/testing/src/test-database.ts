import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, createPrismaClient, type PrismaClient } from '@tollgate/db';
import pg from 'pg';
import { testEnv } from './test-env.js';

const defaultMigrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

export interface TestDatabaseOptions {
  /** Admin connection (creates and drops databases). Default: `TEST_DATABASE_ADMIN_URL` or local postgres. */
  adminUrl?: string;
  /** Folder of migrations; default: the repo's `prisma/migrations`. */
  migrationsDir?: string;
}

export interface TestDatabase {
  /** The database's name, `tollgate_test_<base36 ms>_<random>`. */
  name: string;
  /** Connection string of this database. */
  url: string;
  /** A client on this database; `drop()` disconnects it. */
  prisma: PrismaClient;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own, cloned from a template database that is built
 * once per set of migrations (`tollgate_template_<hash>`), so each test file or test pays
 * a file copy rather than a migration run.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? testEnv().TEST_DATABASE_ADMIN_URL;
  const template = await ensureTemplateDatabase(adminUrl, options.migrationsDir ?? defaultMigrationsDir);
  if (!sweptStale) {
    sweptStale = true;
    await dropStaleTestDatabases(adminUrl);
  }
  // The creation time in the name lets a later run drop what a killed run left behind.
  const name = `${testDatabasePrefix}${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => cloneDatabase(c, template, name));
  const url = withDatabase(adminUrl, name);
  const prisma = createPrismaClient(url);
  let dropped = false;
  return {
    name,
    url,
    prisma,
    async drop() {
      if (dropped) return;
      dropped = true;
      await prisma.$disconnect();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

const testDatabasePrefix = 'tollgate_test_';
let sweptStale = false;

/**
 * Drops test databases created more than `olderThanMs` ago (left by killed runs). Runs once
 * per process from {@link createTestDatabase}; a live test database is far younger.
 */
export async function dropStaleTestDatabases(
  adminUrl: string,
  olderThanMs = 12 * 3600_000,
): Promise<string[]> {
  return withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'tollgate\\_test\\_%' AND NOT datistemplate",
    );
    const stale = rows
      .map((r) => r.datname)
      .filter((name) => {
        const time = Number.parseInt(name.slice(testDatabasePrefix.length).split('_')[0] ?? '', 36);
        return Number.isFinite(time) && Date.now() - time > olderThanMs;
      });
    for (const name of stale) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    return stale;
  });
}

/** A short hash of every migration's folder name and SQL: a new migration means a new template. */
export async function migrationsHash(migrationsDir: string = defaultMigrationsDir): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  for (const folder of entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    hash.update(folder);
    hash.update('\0');
    hash.update(await readFile(join(migrationsDir, folder, 'migration.sql')));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Makes sure the template of the current migrations exists and returns its name. Safe
 * across parallel workers and processes: builders queue on one advisory lock, and a
 * template counts only once it is flagged `IS_TEMPLATE` (a half-built one is rebuilt).
 */
export async function ensureTemplateDatabase(
  adminUrl: string,
  migrationsDir: string = defaultMigrationsDir,
): Promise<string> {
  const template = `tollgate_template_${await migrationsHash(migrationsDir)}`;
  return withAdmin(adminUrl, async (client) => {
    if (await isReadyTemplate(client, template)) return template;
    await client.query('SELECT pg_advisory_lock($1)', [templateLockKey]);
    try {
      if (await isReadyTemplate(client, template)) return template;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
      await applyMigrations(withDatabase(adminUrl, template), { migrationsDir });
      await client.query(`ALTER DATABASE ${quoteIdent(template)} WITH IS_TEMPLATE true`);
      return template;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [templateLockKey]);
    }
  });
}

// Any fixed 64-bit number; names the lock "building a tollgate test template".
const templateLockKey = '7283127041918273';

async function isReadyTemplate(client: pg.Client, name: string): Promise<boolean> {
  const result = await client.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
  return result.rows[0]?.datistemplate === true;
}

async function cloneDatabase(client: pg.Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      return;
    } catch (error) {
      // 55006: the template is briefly in use (e.g. someone is connected to it); try again.
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
