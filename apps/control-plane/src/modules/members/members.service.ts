import { Inject, Injectable } from '@nestjs/common';
import type { MembershipRole } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import type { Env } from '../../env.js';
import { MailPort } from '../../infra/mail/mail.port.js';
import { ENV } from '../../infra/tokens.js';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import type { SessionUser } from '../auth/session-user.js';
import { roleHas } from '../tenancy/permissions.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { invitationTokenHash, invitationTtlMs, newInvitationToken } from './invitation-token.js';
import { type InvitationRow, type MemberRow, MembersRepository } from './members.repository.js';
import type {
  AcceptedMembershipOutput,
  ChangeRoleInput,
  InvitationOutput,
  InviteInput,
  MemberOutput,
} from './members.schemas.js';

/**
 * Members of a tenant and invitations. Route permissions come from `TenantGuard`; the rules
 * here are the ones that depend on the target: only owners touch the owner role
 * (`members.owners`), and a tenant never loses its last owner (`last_owner`, in the repository).
 */
@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly mail: MailPort,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Pick<Env, 'PORTAL_PUBLIC_URL'>,
  ) {}

  async list(access: TenantAccess): Promise<MemberOutput[]> {
    return (await this.members.listMembers(access.tenantId)).map(memberOutput);
  }

  async invite(access: TenantAccess, input: InviteInput, now = new Date()): Promise<InvitationOutput> {
    assertMayTouchRole(access, input.role);
    if (await this.members.isMemberByEmail(access.tenantId, input.email)) {
      throw new TollgateError('conflict', 'This address already belongs to a member of the tenant.');
    }
    const tenant = await this.members.tenantName(access.tenantId);
    if (!tenant) throw new TollgateError('not_found');
    const token = newInvitationToken();
    const invitation = await this.transactions.run(async () => {
      const created = await this.members.createInvitation(
        {
          tenantId: access.tenantId,
          email: input.email,
          role: input.role,
          invitedBy: access.userId,
          expiresAt: new Date(now.getTime() + invitationTtlMs),
          tokenHash: invitationTokenHash(token),
        },
        now,
      );
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'invitation.created',
        target: { type: 'invitation', id: created.id },
        after: invitationSummary(created),
      });
      return created;
    });
    // Mailed once the invitation is committed: a rolled-back invitation sends no link.
    const link = new URL('/invitations/accept', this.env.PORTAL_PUBLIC_URL);
    link.searchParams.set('token', token);
    await this.mail.send({
      to: input.email,
      subject: `Invitation to join ${tenant.name} on Tollgate`,
      text: `You are invited to join ${tenant.name} as ${input.role}.\n\nAccept within 7 days: ${link.toString()}\n`,
    });
    return invitationOutput(invitation);
  }

  async listInvitations(access: TenantAccess, now = new Date()): Promise<InvitationOutput[]> {
    return (await this.members.listPendingInvitations(access.tenantId, now)).map(invitationOutput);
  }

  async revokeInvitation(access: TenantAccess, invitationId: string, now = new Date()): Promise<void> {
    await this.transactions.run(async () => {
      const revoked = await this.members.revokeInvitation(access.tenantId, invitationId, now);
      if (!revoked) throw new TollgateError('not_found');
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'invitation.revoked',
        target: { type: 'invitation', id: revoked.id },
        before: invitationSummary(revoked),
      });
    });
  }

  /** Joins the invitation's tenant: the signed-in account's email must be the invited one. */
  async accept(
    user: SessionUser,
    token: string,
    actor: AuditActor,
    now = new Date(),
  ): Promise<AcceptedMembershipOutput> {
    const invitation = await this.members.findInvitationByTokenHash(invitationTokenHash(token));
    if (!invitation || !pending(invitation, now) || invitation.email !== user.email.toLowerCase()) {
      throw new TollgateError('invitation_invalid');
    }
    const tenantId = invitation.tenantId;
    const joined = await this.transactions.run(async () => {
      const accepted = await this.members.acceptInvitation(invitation, user.id, now);
      if (!accepted) return null;
      await this.audit.record({
        tenantId,
        actor,
        action: 'member.joined',
        target: { type: 'membership', id: accepted.membershipId },
        after: { userId: user.id, role: accepted.role, invitationId: invitation.id },
      });
      return accepted;
    });
    const tenant = await this.members.tenantName(tenantId);
    if (!joined || !tenant) throw new TollgateError('invitation_invalid');
    return { tenantId, tenantSlug: tenant.slug, tenantName: tenant.name, role: joined.role };
  }

  async changeRole(access: TenantAccess, memberId: string, input: ChangeRoleInput): Promise<MemberOutput> {
    const target = await this.requireMember(access, memberId);
    assertMayTouchRole(access, target.role);
    assertMayTouchRole(access, input.role);
    return this.transactions.run(async () => {
      const changed = await this.members.setRole(access.tenantId, memberId, input.role);
      if (!changed) throw new TollgateError('not_found');
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'member.role_changed',
        target: { type: 'membership', id: memberId },
        before: memberSummary(changed.before),
        after: memberSummary(changed.after),
      });
      return memberOutput(changed.after);
    });
  }

  async remove(access: TenantAccess, memberId: string): Promise<void> {
    const target = await this.requireMember(access, memberId);
    assertMayTouchRole(access, target.role);
    await this.removeRecorded(access, memberId, 'member.removed');
  }

  /** The caller leaves the tenant; its last owner cannot. */
  async leave(access: TenantAccess): Promise<void> {
    const own = await this.members.findMemberByUser(access.tenantId, access.userId);
    if (!own) throw new TollgateError('not_found');
    await this.removeRecorded(access, own.id, 'member.left');
  }

  private async removeRecorded(
    access: TenantAccess,
    memberId: string,
    action: 'member.removed' | 'member.left',
  ): Promise<void> {
    await this.transactions.run(async () => {
      const removed = await this.members.remove(access.tenantId, memberId);
      if (!removed) throw new TollgateError('not_found');
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action,
        target: { type: 'membership', id: memberId },
        before: memberSummary(removed),
      });
    });
  }

  private async requireMember(access: TenantAccess, memberId: string): Promise<MemberRow> {
    const member = await this.members.findMember(access.tenantId, memberId);
    if (!member) throw new TollgateError('not_found');
    return member;
  }
}

/** Granting, demoting or removing an owner needs `members.owners` (owners only): 403 otherwise. */
function assertMayTouchRole(access: TenantAccess, role: MembershipRole): void {
  if (role === 'owner' && !roleHas(access.role, 'members.owners')) {
    throw new TollgateError('forbidden', 'Only an owner can grant, change or remove the owner role.');
  }
}

function pending(invitation: InvitationRow, now: Date): boolean {
  return !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > now;
}

/** What the audit log keeps of a membership (no names: those change, the ids do not). */
function memberSummary(row: MemberRow) {
  return { userId: row.userId, email: row.user.email, role: row.role };
}

function invitationSummary(row: InvitationRow) {
  return { email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString() };
}

function memberOutput(row: MemberRow): MemberOutput {
  return {
    id: row.id,
    userId: row.userId,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}

function invitationOutput(row: InvitationRow): InvitationOutput {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}
