import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable } from '@nestjs/common';
import {
  inTransaction,
  type PrismaClient,
  type TransactionClient,
  type TransactionOptions,
} from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

type Task = () => Promise<unknown>;

interface Unit {
  tx: TransactionClient;
  /** What runs once the transaction commits, by key (one task per key). */
  afterCommit: Map<string | symbol, Task>;
}

/**
 * One interactive transaction per unit of work, carried through async calls so repositories and
 * the audit log write in it without passing `tx` around. A `run` inside a `run` joins the outer one.
 */
@Injectable()
export class Transactions {
  private readonly current = new AsyncLocalStorage<Unit>();

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The transaction in progress, or the root client outside one (reads that need no atomicity). */
  get client(): TransactionClient | PrismaClient {
    return this.current.getStore()?.tx ?? this.prisma;
  }

  /** True inside `run`: the audit log refuses to write outside a transaction. */
  get active(): boolean {
    return this.current.getStore() !== undefined;
  }

  async run<T>(fn: (tx: TransactionClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const outer = this.current.getStore();
    if (outer) return fn(outer.tx);
    const afterCommit = new Map<string | symbol, Task>();
    const result = await inTransaction(
      this.prisma,
      (tx) => this.current.run({ tx, afterCommit }, () => fn(tx)),
      options,
    );
    // Outside the transaction's context: a task that opens one gets its own.
    await this.current.exit(async () => {
      for (const task of afterCommit.values()) await task();
    });
    return result;
  }

  /**
   * Runs `task` once the outermost transaction commits (never after a rollback), in the order
   * registered; outside a transaction, at once. Tasks given the same `key` in one transaction
   * run once: the last one registered (so many changes can share one follow-up, e.g. a publish).
   */
  async afterCommit(task: Task, key?: string): Promise<void> {
    const unit = this.current.getStore();
    if (!unit) {
      await task();
      return;
    }
    if (key !== undefined) unit.afterCommit.delete(key);
    unit.afterCommit.set(key ?? Symbol('task'), task);
  }

  /** Drops the task registered under `key` in the current transaction (it has been done in it). */
  cancelAfterCommit(key: string): void {
    this.current.getStore()?.afterCommit.delete(key);
  }
}
