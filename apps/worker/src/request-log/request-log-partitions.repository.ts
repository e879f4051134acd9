import type { PrismaClient } from '@tollgate/db';

export const dayMs = 86_400_000;
const parentTable = 'request_log';
const partitionPrefix = `${parentTable}_p`;
// Any fixed 64-bit number: names the lock "changing request log partitions".
const partitionLockKey = 7_283_127_041_918_274n;

/** Start (UTC midnight) of the day of `ms`, epoch ms. */
export function dayOf(ms: number): number {
  return Math.floor(ms / dayMs) * dayMs;
}

/** `request_log_p20261123` for the day starting at `dayStartMs`. */
export function partitionName(dayStartMs: number): string {
  return `${partitionPrefix}${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The day (epoch ms) a partition name stands for, or null for a table that is not ours. */
export function partitionDay(name: string): number | null {
  const match = /^request_log_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!match) return null;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(day) ? null : day;
}

/** Oldest day the request log keeps: today and the `retentionDays` days before it. */
export function retentionCutoff(nowMs: number, retentionDays: number): number {
  return dayOf(nowMs) - retentionDays * dayMs;
}

export interface MaintainResult {
  created: string[];
  dropped: string[];
}

/**
 * The day partitions of `request_log` (a table partitioned by range on `occurred_at`,
 * created by a SQL migration, external to Prisma). Partitions are created ahead by the daily
 * job and on demand before a batch writes to a missing day; retention drops whole
 * partitions, never rows. Creating or dropping a partition locks the parent table briefly,
 * so it happens outside the batch transactions and is serialised across workers by an
 * advisory lock.
 */
export class RequestLogPartitions {
  /** Days known to exist, so a batch costs no catalog query once its day exists. */
  private readonly known = new Set<number>();

  constructor(private readonly prisma: PrismaClient) {}

  /** Existing partitions' days, ascending. */
  async list(): Promise<number[]> {
    return (await this.listWith(this.prisma)).sort((a, b) => a - b);
  }

  /** Makes sure a partition exists for each day; returns the names of those it created. */
  async ensure(days: Iterable<number>): Promise<string[]> {
    const wanted = [...new Set([...days].map(dayOf))].filter((day) => !this.known.has(day));
    if (wanted.length === 0) return [];
    const created: string[] = [];
    await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${partitionLockKey})`;
        const existing = new Set(await this.listWith(tx));
        for (const day of wanted.sort((a, b) => a - b)) {
          if (!existing.has(day)) {
            await tx.$executeRawUnsafe(createPartitionSql(day));
            created.push(partitionName(day));
          }
        }
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
    for (const day of wanted) this.known.add(day);
    return created;
  }

  /** Drops every partition of a day before `cutoffDay`; returns their names. */
  async dropBefore(cutoffDay: number): Promise<string[]> {
    const dropped: string[] = [];
    await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${partitionLockKey})`;
        for (const day of await this.listWith(tx)) {
          if (day >= cutoffDay) continue;
          await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "${partitionName(day)}"`);
          dropped.push(partitionName(day));
        }
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    for (const day of [...this.known]) if (day < cutoffDay) this.known.delete(day);
    return dropped;
  }

  /** The daily job: partitions for today and `aheadDays` more, and retention. */
  async maintain(options: {
    nowMs: number;
    retentionDays: number;
    aheadDays: number;
  }): Promise<MaintainResult> {
    const today = dayOf(options.nowMs);
    const created = await this.ensure(
      Array.from({ length: options.aheadDays + 1 }, (_, i) => today + i * dayMs),
    );
    const dropped = await this.dropBefore(retentionCutoff(options.nowMs, options.retentionDays));
    return { created, dropped };
  }

  /** Forget what is known to exist (after a failed write: a partition may have been dropped). */
  forget(): void {
    this.known.clear();
  }

  private async listWith(tx: Pick<PrismaClient, '$queryRaw'>): Promise<number[]> {
    const rows = await tx.$queryRaw<{ name: string }[]>`
      SELECT c.relname::text AS name
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ${parentTable} AND p.relnamespace = current_schema()::regnamespace`;
    return rows.map((row) => partitionDay(row.name)).filter((day): day is number => day !== null);
  }
}

function createPartitionSql(day: number): string {
  // Names and bounds come from numbers only: nothing here is user input.
  const from = new Date(day).toISOString();
  const to = new Date(day + dayMs).toISOString();
  return `CREATE TABLE IF NOT EXISTS "${partitionName(day)}" PARTITION OF "${parentTable}" FOR VALUES FROM ('${from}') TO ('${to}')`;
}
