import { defineConfig } from 'prisma/config';

// Used by `prisma generate` (build). Migrations are applied by our own runner
// (src/migrate/*), which drives the schema engine compiled to WebAssembly.
export default defineConfig({
  schema: '../../prisma/schema',
  migrations: { path: '../../prisma/migrations' },
  // Created by SQL migrations, not by Prisma (partitioned by day); our runner passes the
  // same list (src/migrate/schema-engine.ts `externalTables`).
  experimental: { externalTables: true },
  tables: { external: ['public.request_log'] },
});
