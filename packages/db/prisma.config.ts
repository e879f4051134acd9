import { defineConfig } from 'prisma/config';

// Used by `prisma generate` (build). Migrations are applied by our own runner
// (src/migrate/*), which drives the schema engine compiled to WebAssembly.
export default defineConfig({
  schema: '../../prisma/schema',
  migrations: { path: '../../prisma/migrations' },
});
