import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { MembershipRole } from '@tollgate/db';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-actor.js';

/** Who is acting in which tenant; set by {@link TenantGuard} on every `/v1/tenants/:tenantId/...` route. */
export interface TenantAccess {
  tenantId: string;
  userId: string;
  role: MembershipRole;
  /** Who is acting, for the audit events of the request's changes. */
  actor: AuditActor;
}

/**
 * What a domain service needs to act in a tenant: the tenant and who acts. A member's
 * `TenantAccess` is one; a developer-portal consumer acting on its own objects is another.
 */
export type TenantScope = Pick<TenantAccess, 'tenantId' | 'actor'>;

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
