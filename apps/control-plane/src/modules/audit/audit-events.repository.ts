import { Injectable } from '@nestjs/common';
import type { Prisma } from '@tollgate/db';
import { Transactions } from './transactions.js';

export interface AuditEventRow {
  id: string;
  createdAt: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  tokenId: string | null;
  targetType: string;
  targetId: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEventQuery {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** Where a page ends: the last event shown (events are ordered by time, then id, newest first). */
export interface AuditPosition {
  createdAt: Date;
  id: string;
}

const eventFields = {
  id: true,
  createdAt: true,
  action: true,
  actorType: true,
  actorId: true,
  tokenId: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  requestId: true,
  ip: true,
  userAgent: true,
} as const;

/** Reads of the audit log (it is written only through `AuditLog.record`). */
@Injectable()
export class AuditEventsRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Up to `take` of the tenant's events matching `query`, newest first, after `after`. */
  page(
    tenantId: string,
    query: AuditEventQuery,
    after: AuditPosition | null,
    take: number,
  ): Promise<AuditEventRow[]> {
    const where: Prisma.AuditEventWhereInput = {
      tenantId,
      ...(query.action === undefined ? {} : { action: query.action }),
      ...(query.actorId === undefined ? {} : { actorId: query.actorId }),
      ...(query.targetType === undefined ? {} : { targetType: query.targetType }),
      ...(query.targetId === undefined ? {} : { targetId: query.targetId }),
      ...(query.from === undefined && query.to === undefined
        ? {}
        : {
            createdAt: {
              ...(query.from === undefined ? {} : { gte: query.from }),
              ...(query.to === undefined ? {} : { lt: query.to }),
            },
          }),
      ...(after === null
        ? {}
        : {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }),
    };
    return this.transactions.client.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
      select: eventFields,
    });
  }
}
