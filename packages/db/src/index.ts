// The generated client: PrismaClient, the Prisma namespace, every model type and enum.

export { type CreatePrismaClientOptions, createPrismaClient } from './client.js';
export * from './generated/prisma/client.js';
export type * from './generated/prisma/models.js';
export {
  type ApplyMigrationsResult,
  applyMigrations,
  type MigrationOptions,
} from './migrate/apply-migrations.js';
export { createMigration } from './migrate/create-migration.js';
export { diffMigrationsToSchema } from './migrate/diff-schema.js';
export { ensureDatabase } from './migrate/ensure-database.js';
export { inTransaction, type TransactionClient, type TransactionOptions } from './transaction.js';
