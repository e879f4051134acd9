import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import type { MembershipRole, TransactionClient } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

export interface MemberRow {
  id: string;
  userId: string;
  role: MembershipRole;
  createdAt: Date;
  user: { email: string; name: string };
}

export interface InvitationRow {
  id: string;
  tenantId: string;
  email: string;
  role: MembershipRole;
  invitedBy: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export type NewInvitation = Pick<InvitationRow, 'tenantId' | 'email' | 'role' | 'invitedBy' | 'expiresAt'> & {
  tokenHash: string;
};

const memberFields = {
  id: true,
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { email: true, name: true } },
} as const;

const invitationFields = {
  id: true,
  tenantId: true,
  email: true,
  role: true,
  invitedBy: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

@Injectable()
export class MembersRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The caller's transaction when there is one (so its audit event commits with the change). */
  private get db() {
    return this.transactions.client;
  }

  listMembers(tenantId: string): Promise<MemberRow[]> {
    return this.db.membership.findMany({
      where: { tenantId },
      select: memberFields,
      orderBy: { createdAt: 'asc' },
    });
  }

  findMember(tenantId: string, memberId: string): Promise<MemberRow | null> {
    return this.db.membership.findFirst({ where: { id: memberId, tenantId }, select: memberFields });
  }

  findMemberByUser(tenantId: string, userId: string): Promise<MemberRow | null> {
    return this.db.membership.findFirst({ where: { userId, tenantId }, select: memberFields });
  }

  async isMemberByEmail(tenantId: string, email: string): Promise<boolean> {
    const found = await this.db.membership.findFirst({
      where: { tenantId, user: { email } },
      select: { id: true },
    });
    return found !== null;
  }

  tenantName(tenantId: string): Promise<{ name: string; slug: string } | null> {
    return this.db.tenant.findUnique({ where: { id: tenantId }, select: { name: true, slug: true } });
  }

  /** Stores a new invitation; earlier pending ones to the same address end (only the newest mail works). */
  createInvitation(invitation: NewInvitation, now: Date): Promise<InvitationRow> {
    return this.transactions.run(async (tx) => {
      await tx.invitation.updateMany({
        where: { tenantId: invitation.tenantId, email: invitation.email, acceptedAt: null, revokedAt: null },
        data: { revokedAt: now },
      });
      return tx.invitation.create({
        data: { id: newId('invitation'), ...invitation },
        select: invitationFields,
      });
    });
  }

  listPendingInvitations(tenantId: string, now: Date): Promise<InvitationRow[]> {
    return this.db.invitation.findMany({
      where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: invitationFields,
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Ends a pending invitation of the tenant; null when there is none with that id. */
  revokeInvitation(tenantId: string, invitationId: string, now: Date): Promise<InvitationRow | null> {
    return this.transactions.run(async (tx) => {
      const { count } = await tx.invitation.updateMany({
        where: { id: invitationId, tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { revokedAt: now },
      });
      if (count !== 1) return null;
      return tx.invitation.findUnique({ where: { id: invitationId }, select: invitationFields });
    });
  }

  findInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | null> {
    return this.db.invitation.findUnique({ where: { tokenHash }, select: invitationFields });
  }

  /**
   * Uses the invitation once and creates the membership, in one transaction. Null when the
   * invitation was used or ended meanwhile; `conflict` when the user is already a member.
   */
  async acceptInvitation(
    invitation: InvitationRow,
    userId: string,
    now: Date,
  ): Promise<{ membershipId: string; role: MembershipRole } | null> {
    try {
      return await this.transactions.run(async (tx) => {
        const { count } = await tx.invitation.updateMany({
          where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
          data: { acceptedAt: now },
        });
        if (count !== 1) return null;
        const membershipId = newId('membership');
        await tx.membership.create({
          data: { id: membershipId, userId, tenantId: invitation.tenantId, role: invitation.role },
        });
        return { membershipId, role: invitation.role };
      });
    } catch (error) {
      if (uniqueViolation(error))
        throw new TollgateError('conflict', 'You are already a member of this tenant.');
      throw error;
    }
  }

  /**
   * Sets a member's role, keeping at least one owner: `last_owner` when this would demote the
   * tenant's only owner. Returns the member before and after; null when not in the tenant.
   */
  setRole(
    tenantId: string,
    memberId: string,
    role: MembershipRole,
  ): Promise<{ before: MemberRow; after: MemberRow } | null> {
    return this.withOwnersLocked(tenantId, async (tx) => {
      const member = await tx.membership.findFirst({
        where: { id: memberId, tenantId },
        select: memberFields,
      });
      if (!member) return null;
      if (member.role === 'owner' && role !== 'owner') await assertAnotherOwner(tx, tenantId);
      const after = await tx.membership.update({
        where: { id: memberId },
        data: { role },
        select: memberFields,
      });
      return { before: member, after };
    });
  }

  /** Removes a member, keeping at least one owner (`last_owner`). The removed member; null when not in the tenant. */
  remove(tenantId: string, memberId: string): Promise<MemberRow | null> {
    return this.withOwnersLocked(tenantId, async (tx) => {
      const member = await tx.membership.findFirst({
        where: { id: memberId, tenantId },
        select: memberFields,
      });
      if (!member) return null;
      if (member.role === 'owner') await assertAnotherOwner(tx, tenantId);
      await tx.membership.delete({ where: { id: memberId } });
      return member;
    });
  }

  /**
   * Runs `fn` with the tenant row locked, so concurrent role changes and removals of one tenant
   * take turns: two owners demoting each other at once cannot leave it with none.
   */
  private withOwnersLocked<T>(tenantId: string, fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
    return this.transactions.run(async (tx) => {
      await tx.$queryRaw`SELECT id FROM tenants WHERE id = ${tenantId} FOR UPDATE`;
      return fn(tx);
    });
  }
}

async function assertAnotherOwner(tx: TransactionClient, tenantId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { tenantId, role: 'owner' } });
  if (owners <= 1) throw new TollgateError('last_owner');
}
