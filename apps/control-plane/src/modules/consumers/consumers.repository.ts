import { Injectable } from '@nestjs/common';
import type { SubscriptionStatus } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation, violates } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

export interface ConsumerRow {
  id: string;
  name: string;
  email: string;
  externalId: string | null;
  createdAt: Date;
  subscriptions: Array<{
    id: string;
    planId: string;
    status: SubscriptionStatus;
    planVersion: { version: number };
  }>;
}

export type NewConsumer = Omit<ConsumerRow, 'createdAt' | 'subscriptions'> & { tenantId: string };

const consumerFields = {
  id: true,
  name: true,
  email: true,
  externalId: true,
  createdAt: true,
  subscriptions: {
    select: { id: true, planId: true, status: true, planVersion: { select: { version: true } } },
    orderBy: { createdAt: 'asc' },
  },
} as const;

@Injectable()
export class ConsumersRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The caller's transaction when there is one (so its audit event commits with the change). */
  private get db() {
    return this.transactions.client;
  }

  async create(consumer: NewConsumer): Promise<ConsumerRow> {
    try {
      return await this.db.consumer.create({ data: consumer, select: consumerFields });
    } catch (error) {
      const fields = uniqueViolation(error);
      if (fields === null) throw error;
      throw new TollgateError(
        'conflict',
        violates(fields, 'externalId')
          ? 'This tenant already has a consumer with this external id.'
          : 'This tenant already has a consumer with this email.',
      );
    }
  }

  list(tenantId: string): Promise<ConsumerRow[]> {
    return this.db.consumer.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'asc' },
      select: consumerFields,
    });
  }
}
