import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { requestActor } from '../audit/audit-actor.js';
import { requireUser } from '../auth/session-user.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type AcceptedMembershipOutput,
  type AcceptInvitationInput,
  acceptedMembershipOutputSchema,
  acceptInvitationInputSchema,
  type ChangeRoleInput,
  changeRoleInputSchema,
  type InvitationOutput,
  type InviteInput,
  invitationOutputSchema,
  inviteInputSchema,
  type MemberOutput,
  memberOutputSchema,
} from './members.schemas.js';
import { MembersService } from './members.service.js';

@Controller('v1/tenants/:tenantId')
@UseGuards(TenantGuard)
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('members')
  @Returns(listOf(memberOutputSchema))
  @RequirePermission('members.read')
  async list(@Tenant() access: TenantAccess): Promise<{ data: MemberOutput[] }> {
    return { data: await this.members.list(access) };
  }

  @Patch('members/:memberId')
  @Returns(dataOf(memberOutputSchema))
  @RequirePermission('members.write')
  async changeRole(
    @Tenant() access: TenantAccess,
    @Param('memberId') memberId: string,
    @Body(new ZodPipe(changeRoleInputSchema)) body: ChangeRoleInput,
  ): Promise<{ data: MemberOutput }> {
    return { data: await this.members.changeRole(access, memberId, body) };
  }

  @Delete('members/:memberId')
  @Returns(null)
  @HttpCode(204)
  @RequirePermission('members.write')
  async remove(@Tenant() access: TenantAccess, @Param('memberId') memberId: string): Promise<void> {
    await this.members.remove(access, memberId);
  }

  @Post('leave')
  @Returns(null)
  @HttpCode(204)
  @RequirePermission('tenant.leave')
  async leave(@Tenant() access: TenantAccess): Promise<void> {
    await this.members.leave(access);
  }

  @Get('invitations')
  @Returns(listOf(invitationOutputSchema))
  @RequirePermission('members.read')
  async listInvitations(@Tenant() access: TenantAccess): Promise<{ data: InvitationOutput[] }> {
    return { data: await this.members.listInvitations(access) };
  }

  @Post('invitations')
  @Returns(dataOf(invitationOutputSchema))
  @HttpCode(201)
  @RequirePermission('members.write')
  async invite(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(inviteInputSchema)) body: InviteInput,
  ): Promise<{ data: InvitationOutput }> {
    return { data: await this.members.invite(access, body) };
  }

  @Post('invitations/:invitationId/revoke')
  @Returns(null)
  @HttpCode(204)
  @RequirePermission('members.write')
  async revokeInvitation(
    @Tenant() access: TenantAccess,
    @Param('invitationId') invitationId: string,
  ): Promise<void> {
    await this.members.revokeInvitation(access, invitationId);
  }
}

/** Accepting an invitation: the signed-in user joins the tenant it names (no tenant in the path yet). */
@Controller('v1/invitations')
export class InvitationsController {
  constructor(private readonly members: MembersService) {}

  @Post('accept')
  @Returns(dataOf(acceptedMembershipOutputSchema))
  @HttpCode(200)
  async accept(
    @Req() request: FastifyRequest,
    @Body(new ZodPipe(acceptInvitationInputSchema)) body: AcceptInvitationInput,
  ): Promise<{ data: AcceptedMembershipOutput }> {
    const user = requireUser(request);
    return { data: await this.members.accept(user, body.token, requestActor(request, user.id)) };
  }
}
