import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { inTransaction, type MembershipRole, type PrismaClient, type TransactionClient } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { PRISMA } from '../../infra/tokens.js';

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
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  listMembers(tenantId: string): Promise<MemberRow[]> {
    return this.prisma.membership.findMany({
      where: { tenantId },
      select: memberFields,
      orderBy: { createdAt: 'asc' },
    });
  }

  findMember(tenantId: string, memberId: string): Promise<MemberRow | null> {
    return this.prisma.membership.findFirst({ where: { id: memberId, tenantId }, select: memberFields });
  }

  findMemberByUser(tenantId: string, userId: string): Promise<MemberRow | null> {
    return this.prisma.membership.findFirst({ where: { userId, tenantId }, select: memberFields });
  }

  async isMemberByEmail(tenantId: string, email: string): Promise<boolean> {
    const found = await this.prisma.membership.findFirst({
      where: { tenantId, user: { email } },
      select: { id: true },
    });
    return found !== null;
  }

  tenantName(tenantId: string): Promise<{ name: string; slug: string } | null> {
    return this.prisma.tenant.findUnique({ where: { id: tenantId }, select: { name: true, slug: true } });
  }

  /** Stores a new invitation; earlier pending ones to the same address end (only the newest mail works). */
  createInvitation(invitation: NewInvitation, now: Date): Promise<InvitationRow> {
    return inTransaction(this.prisma, async (tx) => {
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
    return this.prisma.invitation.findMany({
      where: { tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: invitationFields,
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Ends a pending invitation of the tenant; false when there is none with that id. */
  async revokeInvitation(tenantId: string, invitationId: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.invitation.updateMany({
      where: { id: invitationId, tenantId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    return count === 1;
  }

  findInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | null> {
    return this.prisma.invitation.findUnique({ where: { tokenHash }, select: invitationFields });
  }

  /**
   * Uses the invitation once and creates the membership, in one transaction. Null when the
   * invitation was used or ended meanwhile; `conflict` when the user is already a member.
   */
  async acceptInvitation(
    invitation: InvitationRow,
    userId: string,
    now: Date,
  ): Promise<MembershipRole | null> {
    try {
      return await inTransaction(this.prisma, async (tx) => {
        const { count } = await tx.invitation.updateMany({
          where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
          data: { acceptedAt: now },
        });
        if (count !== 1) return null;
        await tx.membership.create({
          data: { id: newId('membership'), userId, tenantId: invitation.tenantId, role: invitation.role },
        });
        return invitation.role;
      });
    } catch (error) {
      if (uniqueViolation(error))
        throw new TollgateError('conflict', 'You are already a member of this tenant.');
      throw error;
    }
  }

  /**
   * Sets a member's role, keeping at least one owner: `last_owner` when this would demote the
   * tenant's only owner. Null when the member is not in the tenant.
   */
  setRole(tenantId: string, memberId: string, role: MembershipRole): Promise<MemberRow | null> {
    return this.withOwnersLocked(tenantId, async (tx) => {
      const member = await tx.membership.findFirst({
        where: { id: memberId, tenantId },
        select: memberFields,
      });
      if (!member) return null;
      if (member.role === 'owner' && role !== 'owner') await assertAnotherOwner(tx, tenantId);
      return tx.membership.update({ where: { id: memberId }, data: { role }, select: memberFields });
    });
  }

  /** Removes a member, keeping at least one owner (`last_owner`). False when the member is not in the tenant. */
  remove(tenantId: string, memberId: string): Promise<boolean> {
    return this.withOwnersLocked(tenantId, async (tx) => {
      const member = await tx.membership.findFirst({
        where: { id: memberId, tenantId },
        select: memberFields,
      });
      if (!member) return false;
      if (member.role === 'owner') await assertAnotherOwner(tx, tenantId);
      await tx.membership.delete({ where: { id: memberId } });
      return true;
    });
  }

  /**
   * Runs `fn` with the tenant row locked, so concurrent role changes and removals of one tenant
   * take turns: two owners demoting each other at once cannot leave it with none.
   */
  private withOwnersLocked<T>(tenantId: string, fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
    return inTransaction(this.prisma, async (tx) => {
      await tx.$queryRaw`SELECT id FROM tenants WHERE id = ${tenantId} FOR UPDATE`;
      return fn(tx);
    });
  }
}

async function assertAnotherOwner(tx: TransactionClient, tenantId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { tenantId, role: 'owner' } });
  if (owners <= 1) throw new TollgateError('last_owner');
}
