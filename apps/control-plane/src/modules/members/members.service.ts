import { Inject, Injectable } from '@nestjs/common';
import type { MembershipRole } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import type { Env } from '../../env.js';
import { MailPort } from '../../infra/mail/mail.port.js';
import { ENV } from '../../infra/tokens.js';
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
    const invitation = await this.members.createInvitation(
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
    if (!(await this.members.revokeInvitation(access.tenantId, invitationId, now))) {
      throw new TollgateError('not_found');
    }
  }

  /** Joins the invitation's tenant: the signed-in account's email must be the invited one. */
  async accept(user: SessionUser, token: string, now = new Date()): Promise<AcceptedMembershipOutput> {
    const invitation = await this.members.findInvitationByTokenHash(invitationTokenHash(token));
    if (!invitation || !pending(invitation, now) || invitation.email !== user.email.toLowerCase()) {
      throw new TollgateError('invitation_invalid');
    }
    const role = await this.members.acceptInvitation(invitation, user.id, now);
    const tenant = await this.members.tenantName(invitation.tenantId);
    if (!role || !tenant) throw new TollgateError('invitation_invalid');
    return { tenantId: invitation.tenantId, tenantSlug: tenant.slug, tenantName: tenant.name, role };
  }

  async changeRole(access: TenantAccess, memberId: string, input: ChangeRoleInput): Promise<MemberOutput> {
    const target = await this.requireMember(access, memberId);
    assertMayTouchRole(access, target.role);
    assertMayTouchRole(access, input.role);
    const updated = await this.members.setRole(access.tenantId, memberId, input.role);
    if (!updated) throw new TollgateError('not_found');
    return memberOutput(updated);
  }

  async remove(access: TenantAccess, memberId: string): Promise<void> {
    const target = await this.requireMember(access, memberId);
    assertMayTouchRole(access, target.role);
    if (!(await this.members.remove(access.tenantId, memberId))) throw new TollgateError('not_found');
  }

  /** The caller leaves the tenant; its last owner cannot. */
  async leave(access: TenantAccess): Promise<void> {
    const own = await this.members.findMemberByUser(access.tenantId, access.userId);
    if (!own || !(await this.members.remove(access.tenantId, own.id))) throw new TollgateError('not_found');
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
