// `npm run migrate -w @tollgate/db`: applies pending migrations to DATABASE_URL.
import { databaseEnv, parseEnv } from '@tollgate/config';
import { applyMigrations } from './apply-migrations.js';

const { DATABASE_URL } = parseEnv(databaseEnv);
const result = await applyMigrations(DATABASE_URL);
if (result.createdDatabase) console.log('Created the database.');
if (result.appliedMigrationNames.length === 0) console.log('The database is up to date.');
for (const name of result.appliedMigrationNames) console.log(`Applied ${name}`);
