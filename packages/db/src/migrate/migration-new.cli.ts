// `npm run migration:new -w @tollgate/db -- <name>`: writes a migration from the schema diff.
// DATABASE_URL names the server where a temporary shadow database replays the migrations.
import { databaseEnv, parseEnv } from '@tollgate/config';
import { createMigration } from './create-migration.js';

const name = process.argv[2];
if (!name) {
  console.error('Usage: npm run migration:new -w @tollgate/db -- <name>');
  process.exit(2);
}
const { DATABASE_URL } = parseEnv(databaseEnv);
const folder = await createMigration(DATABASE_URL, name);
console.log(
  folder ? `Wrote ${folder}/migration.sql` : 'The migrations already match the schema: nothing to write.',
);
