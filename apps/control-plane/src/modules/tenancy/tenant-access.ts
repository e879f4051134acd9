import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { MembershipRole } from '@tollgate/db';
import type { FastifyRequest } from 'fastify';

/** Who is acting in which tenant; set by {@link TenantGuard} on every `/v1/tenants/:tenantId/...` route. */
export interface TenantAccess {
  tenantId: string;
  userId: string;
  role: MembershipRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    tenantAccess?: TenantAccess;
  }
}

/** The handler's `TenantAccess`; only on routes behind `TenantGuard`. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantAccess => {
  const access = context.switchToHttp().getRequest<FastifyRequest>().tenantAccess;
  if (!access) throw new Error('@Tenant() used on a route without TenantGuard');
  return access;
});
