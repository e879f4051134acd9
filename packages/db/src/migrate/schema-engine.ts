import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaContainer, SchemaEngine } from '@prisma/schema-engine-wasm';
import { quoteIdent, withDatabase } from './database-url.js';
import { withMaintenanceClient } from './ensure-database.js';

/**
 * Tables created by hand-written SQL migrations that Prisma must not manage (the diff and
 * drift check ignore them): the request log is partitioned by day, which Prisma cannot
 * express. Mirrored in prisma.config.ts (`tables.external`) for the Prisma CLI.
 */
export const externalTables = ['public.request_log'];

export const schemaFilters = { externalTables, externalEnums: [] };

/**
 * Runs `fn` with Prisma's schema engine compiled to WebAssembly, connected to `databaseUrl`
 * through the pg driver adapter. The `prisma migrate` CLI would download a native engine,
 * which this network cannot reach (see docs: shared notes "prisma-offline").
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schemaFiles: SchemaContainer[],
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  // Imported lazily: the module loads its .wasm as an ES module (Node 24), which only
  // migration code needs.
  const { SchemaEngine } = await import('@prisma/schema-engine-wasm');
  const adapters: SqlDriverAdapter[] = [];
  const main = new PrismaPg({ connectionString: databaseUrl });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    async connect() {
      const adapter = readCharAsText(await main.connect());
      adapters.push(adapter);
      return adapter;
    },
    // Our own shadow database (PrismaPg's keeps the connection string's database name).
    async connectToShadowDb() {
      const name = `tollgate_shadow_${randomUUID().replaceAll('-', '')}`;
      await withMaintenanceClient(databaseUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      const adapter = readCharAsText(
        await new PrismaPg({ connectionString: withDatabase(databaseUrl, name) }).connect(),
      );
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await withMaintenanceClient(databaseUrl, (c) =>
          c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
        );
      };
      return adapter;
    },
  };
  const engine = await SchemaEngine.new(
    { datamodels: schemaFiles.map((f) => [f.path, f.content] as [string, string]) },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await Promise.allSettled(adapters.map((a) => a.dispose()));
  }
}

const charOid = 18;
const textOid = 25;
type PerformIO = (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;

/**
 * The engine introspects catalog columns of Postgres' one-byte `"char"` type (`contype`,
 * `relkind`…), which the pg adapter refuses ("Column type 'char' could not be
 * deserialized"). pg returns them as strings, so we report them as text. Patched per
 * adapter and per transaction, never globally.
 */
function readCharAsText<T extends object>(queryable: T): T {
  const target = queryable as T & {
    performIO?: PerformIO;
    startTransaction?: (...args: unknown[]) => Promise<object>;
  };
  const performIO = target.performIO?.bind(queryable);
  if (performIO) {
    target.performIO = async (query) => {
      const result = await performIO(query);
      for (const field of result?.fields ?? []) if (field.dataTypeID === charOid) field.dataTypeID = textOid;
      return result;
    };
  }
  const startTransaction = target.startTransaction?.bind(queryable);
  if (startTransaction)
    target.startTransaction = async (...args) => readCharAsText(await startTransaction(...args));
  return queryable;
}
