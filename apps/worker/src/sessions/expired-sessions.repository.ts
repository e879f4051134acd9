import type { PrismaClient } from '@tollgate/db';

/** Expired session rows (console users and developer-portal accounts); the session store ignores them already. */
export class ExpiredSessions {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Deletes sessions that expired before `before`, `batchSize` rows per statement so a large
   * backlog never holds one long lock; returns how many went.
   */
  async prune(before: Date, batchSize = 5_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows = await this.prisma.$executeRaw`
        DELETE FROM sessions WHERE id IN (
          SELECT id FROM sessions WHERE expires_at < ${before} LIMIT ${batchSize})`;
      deleted += rows;
      if (rows < batchSize) return deleted;
    }
  }
}
