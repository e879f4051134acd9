import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema } from './diff-schema.js';
import { defaultSchemaDir } from './paths.js';

/** Admin connection (creates and drops databases); tests may read their own env. */
const testAdminUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

describe('diffMigrationsToSchema', () => {
  it('drift.none.ok: the committed migrations produce exactly the schema', async () => {
    const sql = await diffMigrationsToSchema(testAdminUrl);
    // A non-empty diff means a schema change without a migration: run `npm run migration:new -w @tollgate/db -- <name>`.
    expect(sql).toBe('');
  });

  it('drift.detected.ok: a schema change without a migration shows up as SQL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-schema-'));
    try {
      await cp(defaultSchemaDir, dir, { recursive: true });
      await writeFile(
        join(dir, 'extra.prisma'),
        'model DriftProbe {\n  id String @id\n\n  @@map("drift_probe")\n}\n',
      );
      const sql = await diffMigrationsToSchema(testAdminUrl, { schemaDir: dir });
      expect(sql).toContain('CREATE TABLE "drift_probe"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
