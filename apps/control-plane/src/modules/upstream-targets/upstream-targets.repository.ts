import { Injectable } from '@nestjs/common';
import type { Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

const targetFields = {
  id: true,
  url: true,
  weight: true,
  createdAt: true,
} as const satisfies Prisma.UpstreamTargetSelect;

export type UpstreamTargetRow = Prisma.UpstreamTargetGetPayload<{ select: typeof targetFields }>;

function conflict(error: unknown): never {
  if (uniqueViolation(error) === null) throw error;
  throw new TollgateError('conflict', 'This API already has a target with this URL.');
}

/** Load-balanced targets of an API; every read and write joins the current transaction. */
@Injectable()
export class UpstreamTargetsRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  list(apiId: string): Promise<UpstreamTargetRow[]> {
    return this.db.upstreamTarget.findMany({
      where: { apiId },
      orderBy: { createdAt: 'asc' },
      select: targetFields,
    });
  }

  find(tenantId: string, apiId: string, targetId: string): Promise<UpstreamTargetRow | null> {
    return this.db.upstreamTarget.findFirst({
      where: { id: targetId, apiId, tenantId },
      select: targetFields,
    });
  }

  async create(target: {
    id: string;
    tenantId: string;
    apiId: string;
    url: string;
    weight: number;
  }): Promise<UpstreamTargetRow> {
    try {
      return await this.db.upstreamTarget.create({ data: target, select: targetFields });
    } catch (error) {
      conflict(error);
    }
  }

  async update(targetId: string, fields: { url?: string; weight?: number }): Promise<UpstreamTargetRow> {
    try {
      return await this.db.upstreamTarget.update({
        where: { id: targetId },
        data: fields,
        select: targetFields,
      });
    } catch (error) {
      conflict(error);
    }
  }

  async delete(targetId: string): Promise<void> {
    await this.db.upstreamTarget.delete({ where: { id: targetId } });
  }
}
