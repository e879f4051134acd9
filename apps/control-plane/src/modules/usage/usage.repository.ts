import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

export interface MinuteCalls {
  minute: Date;
  statusClass: number;
  calls: number;
}

@Injectable()
export class UsageRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Calls per minute and status class for the tenant (optionally one API), `from` inclusive, `to` exclusive. */
  async callsPerMinute(
    tenantId: string,
    apiId: string | undefined,
    from: Date,
    to: Date,
  ): Promise<MinuteCalls[]> {
    const groups = await this.prisma.usageRollup.groupBy({
      by: ['minute', 'statusClass'],
      where: { tenantId, ...(apiId === undefined ? {} : { apiId }), minute: { gte: from, lt: to } },
      _sum: { calls: true },
    });
    return groups.map((g) => ({ minute: g.minute, statusClass: g.statusClass, calls: g._sum.calls ?? 0 }));
  }
}
