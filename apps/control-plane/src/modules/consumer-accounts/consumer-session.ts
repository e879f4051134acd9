import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type AuditActor, requestActor } from '../audit/audit-actor.js';
import { consumerSessionKey } from '../auth/prisma-session.store.js';

/** A developer-portal account and the consumer it acts as. */
export interface ConsumerAccountRef {
  accountId: string;
  tenantId: string;
  consumerId: string;
  email: string;
  name: string;
}

/**
 * The developer-portal account a request acts as, set by `ConsumerGuard` on `/v1/me/...`. Kept
 * apart from `request.user` (provider users): nothing reads one as the other. Like a member's
 * `TenantAccess`, it is a `TenantScope` (tenant and actor) for the domain services it calls.
 */
export interface ConsumerPrincipal extends ConsumerAccountRef {
  /** The account, for the audit events of the request's changes. */
  actor: AuditActor;
}

declare module 'fastify' {
  interface FastifyRequest {
    consumer?: ConsumerPrincipal;
  }
}

/** The audit actor of a change a consumer account makes through its own portal session. */
export function consumerActor(request: FastifyRequest, accountId: string): AuditActor {
  return { ...requestActor(request, accountId), type: 'consumer' };
}

/** The handler's `ConsumerPrincipal`; only on routes behind `ConsumerGuard`. */
export const CurrentConsumer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ConsumerPrincipal => {
    const consumer = context.switchToHttp().getRequest<FastifyRequest>().consumer;
    if (!consumer) throw new Error('@CurrentConsumer() used on a route without ConsumerGuard');
    return consumer;
  },
);

/** Signs the request in as this account on a new session id, so a session fixed before sign-in is worthless. */
export async function startConsumerSession(request: FastifyRequest, accountId: string): Promise<void> {
  await request.session.regenerate();
  request.session.set(consumerSessionKey, accountId);
}

/** Ends the consumer session: its row is deleted and the cookie's id is dead. */
export async function endConsumerSession(request: FastifyRequest): Promise<void> {
  request.session.set(consumerSessionKey, undefined);
  await request.session.regenerate();
}
