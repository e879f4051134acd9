import type { Prisma, PrismaClient } from './generated/prisma/client.js';

/** The client handed to a transaction callback: every model, no `$transaction`/`$connect`. */
export type TransactionClient = Prisma.TransactionClient;

export interface TransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** Longest time the transaction may run, in ms (Prisma's default is 5000). */
  timeoutMs?: number;
  /** Longest wait for a connection from the pool, in ms. */
  maxWaitMs?: number;
}

/** Runs `fn` in one interactive transaction: committed when it resolves, rolled back when it throws. */
export function inTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: TransactionClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return prisma.$transaction(fn, {
    ...(options.isolationLevel === undefined ? {} : { isolationLevel: options.isolationLevel }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.maxWaitMs === undefined ? {} : { maxWait: options.maxWaitMs }),
  });
}
