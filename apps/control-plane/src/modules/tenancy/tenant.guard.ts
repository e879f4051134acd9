import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TollgateError } from '@tollgate/errors';
import type { FastifyRequest } from 'fastify';
import { requestActor } from '../audit/audit-actor.js';
import { requireUser } from '../auth/session-user.js';
import { type Permission, permissionKey, roleHas } from './permissions.js';
import { TenancyRepository } from './tenancy.repository.js';

/**
 * The one guard of `/v1/tenants/:tenantId/...`, in this order:
 * 1. a signed-in user (else 401 `unauthenticated`);
 * 2. a membership of that tenant (else 404 `not_found`, never 403, so a tenant's existence does not leak);
 * 3. the route's `@RequirePermission` held by the member's role in `permissionMatrix`
 *    (else 403 `forbidden`; a route that declares none is refused to every role: fail closed).
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = requireUser(request);
    const tenantId = (request.params as Record<string, string | undefined>).tenantId;
    if (!tenantId) throw new Error('TenantGuard used on a route without :tenantId');
    const role = await this.tenancy.findRole(user.id, tenantId);
    if (!role) throw new TollgateError('not_found');
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(permissionKey, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!permission || !roleHas(role, permission)) {
      throw new TollgateError('forbidden', `The ${role} role does not allow this action.`);
    }
    request.tenantAccess = { tenantId, userId: user.id, role, actor: requestActor(request, user.id) };
    request.log = request.log.child({ tenantId });
    return true;
  }
}
