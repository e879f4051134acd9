import { Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';
import type { ConsumerAccountRef } from './consumer-session.js';

export interface PortalTenantRow {
  id: string;
  slug: string;
  name: string;
}

export interface ConsumerAccountRow {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  consumer: { id: string; name: string; email: string };
  tenant: PortalTenantRow;
}

export interface NewConsumerAccount {
  tenantId: string;
  consumer: { id: string; name: string; email: string };
  account: { id: string; email: string; name: string; passwordHash: string };
}

const accountFields = {
  id: true,
  email: true,
  name: true,
  createdAt: true,
  consumer: { select: { id: true, name: true, email: true } },
  tenant: { select: { id: true, slug: true, name: true } },
} as const;

/** Developer-portal accounts, always looked up within one tenant. */
@Injectable()
export class ConsumerAccountsRepository {
  constructor(private readonly transactions: Transactions) {}

  findTenant(slug: string): Promise<PortalTenantRow | null> {
    return this.transactions.client.tenant.findUnique({
      where: { slug },
      select: { id: true, slug: true, name: true },
    });
  }

  findCredentials(tenantId: string, email: string): Promise<{ id: string; passwordHash: string } | null> {
    return this.transactions.client.consumerAccount.findUnique({
      where: { tenantId_email: { tenantId, email } },
      select: { id: true, passwordHash: true },
    });
  }

  async findRef(accountId: string): Promise<ConsumerAccountRef | null> {
    const row = await this.transactions.client.consumerAccount.findUnique({
      where: { id: accountId },
      select: { id: true, tenantId: true, consumerId: true, email: true, name: true },
    });
    if (!row) return null;
    const { id, ...rest } = row;
    return { accountId: id, ...rest };
  }

  find(accountId: string): Promise<ConsumerAccountRow | null> {
    return this.transactions.client.consumerAccount.findUnique({
      where: { id: accountId },
      select: accountFields,
    });
  }

  /** The consumer and its account together; an email already used on this portal (by an account or a consumer) is a `conflict`. */
  async create(input: NewConsumerAccount): Promise<ConsumerAccountRow> {
    try {
      return await this.transactions.run(async (tx) => {
        await tx.consumer.create({ data: { ...input.consumer, tenantId: input.tenantId } });
        return tx.consumerAccount.create({
          data: { ...input.account, tenantId: input.tenantId, consumerId: input.consumer.id },
          select: accountFields,
        });
      });
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
      throw new TollgateError('conflict', 'This email already has an account on this portal.');
    }
  }

  /**
   * The plan a new sign-up gets: the tenant's oldest public, unarchived plan whose current terms
   * cost nothing (no base fee, no overage). Null when the tenant has none.
   */
  async findFreePublicPlan(tenantId: string): Promise<string | null> {
    const plans = await this.transactions.client.plan.findMany({
      where: { tenantId, visibility: 'public', archivedAt: null },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        versions: {
          select: { baseFeeCents: true, overageTiers: true },
          orderBy: { version: 'desc' },
          take: 1,
        },
      },
    });
    const free = plans.find(({ versions: [terms] }) => {
      const tiers = terms?.overageTiers;
      return terms?.baseFeeCents === 0 && Array.isArray(tiers) && tiers.length === 0;
    });
    return free?.id ?? null;
  }

  /** The account's email and password hash, only when it is on this tenant's portal (else null, like a missing account). */
  findPasswordHash(
    tenantId: string,
    accountId: string,
  ): Promise<{ id: string; email: string; passwordHash: string } | null> {
    return this.transactions.client.consumerAccount.findFirst({
      where: { id: accountId, tenantId },
      select: { id: true, email: true, passwordHash: true },
    });
  }

  /**
   * Sets a new password only if the current one is still `previousHash` (so one reset token
   * cannot be used twice, even concurrently) and ends every session of the account, in one transaction.
   */
  async replacePassword(accountId: string, previousHash: string, passwordHash: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const updated = await tx.consumerAccount.updateMany({
        where: { id: accountId, passwordHash: previousHash },
        data: { passwordHash },
      });
      if (updated.count === 0) return false;
      await tx.session.deleteMany({ where: { consumerAccountId: accountId } });
      return true;
    });
  }

  async recordLogin(accountId: string, at: Date): Promise<void> {
    await this.transactions.client.consumerAccount.update({
      where: { id: accountId },
      data: { lastLoginAt: at },
    });
  }
}
