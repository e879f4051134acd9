import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyRequest } from 'fastify';
import { requireUser } from '../auth/session-user.js';
import { TenancyRepository } from './tenancy.repository.js';

/**
 * Guards `/v1/tenants/:tenantId/...`: a session (else 401 `unauthenticated`) and a membership of
 * that tenant (else 404 `not_found`, never 403, so a tenant's existence does not leak).
 * Role checks (the RBAC matrix) hang off the `TenantAccess` this guard sets.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(private readonly tenancy: TenancyRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = requireUser(request);
    const tenantId = (request.params as Record<string, string | undefined>).tenantId;
    if (!tenantId) throw new Error('TenantGuard used on a route without :tenantId');
    const role = await this.tenancy.findRole(user.id, tenantId);
    if (!role) throw new TollgateError('not_found');
    request.tenantAccess = { tenantId, userId: user.id, role };
    request.log = request.log.child({ tenantId });
    return true;
  }
}
