import { Injectable } from '@nestjs/common';
import type { MembershipRole } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation, violates } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

export interface MembershipRow {
  tenantId: string;
  role: MembershipRole;
  tenant: { slug: string; name: string };
}

export interface NewAccount {
  user: { id: string; email: string; name: string; passwordHash: string };
  tenant: { id: string; slug: string; name: string };
  membershipId: string;
}

const userFields = { id: true, email: true, name: true, createdAt: true } as const;

@Injectable()
export class AuthRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The caller's transaction when there is one (so its audit event commits with the change). */
  private get db() {
    return this.transactions.client;
  }

  findCredentials(email: string): Promise<(UserRow & { passwordHash: string }) | null> {
    return this.db.user.findUnique({ where: { email }, select: { ...userFields, passwordHash: true } });
  }

  findUser(id: string): Promise<UserRow | null> {
    return this.db.user.findUnique({ where: { id }, select: userFields });
  }

  /** User, tenant and the owner membership, all or nothing. A taken email or slug is a `conflict`. */
  async createAccount(account: NewAccount): Promise<{ user: UserRow; tenant: TenantRow }> {
    try {
      return await this.transactions.run(async (tx) => {
        const user = await tx.user.create({ data: account.user, select: userFields });
        const tenant = await tx.tenant.create({
          data: account.tenant,
          select: { id: true, slug: true, name: true, createdAt: true },
        });
        await tx.membership.create({
          data: { id: account.membershipId, userId: user.id, tenantId: tenant.id, role: 'owner' },
        });
        return { user, tenant };
      });
    } catch (error) {
      const fields = uniqueViolation(error);
      if (fields === null) throw error;
      if (violates(fields, 'email'))
        throw new TollgateError('conflict', 'An account with this email already exists.');
      if (violates(fields, 'slug')) throw new TollgateError('conflict', 'This tenant slug is already taken.');
      throw new TollgateError('conflict');
    }
  }

  listMemberships(userId: string): Promise<MembershipRow[]> {
    return this.db.membership.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: { tenantId: true, role: true, tenant: { select: { slug: true, name: true } } },
    });
  }

  async findPasswordHash(userId: string): Promise<{ email: string; passwordHash: string } | null> {
    return this.db.user.findUnique({
      where: { id: userId },
      select: { email: true, passwordHash: true },
    });
  }

  /**
   * Sets a new password only if the current one is still `previousHash` (so one reset token
   * cannot be used twice, even concurrently) and signs the user out everywhere, in one transaction.
   */
  async replacePassword(userId: string, previousHash: string, passwordHash: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const updated = await tx.user.updateMany({
        where: { id: userId, passwordHash: previousHash },
        data: { passwordHash },
      });
      if (updated.count === 0) return false;
      await tx.session.deleteMany({ where: { userId } });
      return true;
    });
  }

  async recordLogin(userId: string, at: Date): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { lastLoginAt: at } });
  }
}
