import type { TransactionClient } from '@tollgate/db';

/** Factories write through a client or a transaction (a `PrismaClient` is assignable to this). */
export type FactoryDb = TransactionClient;
