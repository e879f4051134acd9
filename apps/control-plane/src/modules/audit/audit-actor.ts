import type { AuditActorType } from '@tollgate/db';
import type { FastifyRequest } from 'fastify';

/** Who made a change and from where, as written on each audit event. */
export interface AuditActor {
  type: AuditActorType;
  /** The user (or consumer account) id; null for the system. */
  id: string | null;
  /** The personal access token used, when the call was made with one. */
  tokenId: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/**
 * The actor of an HTTP request made by `userId` (a session or a personal access token). Null
 * when the user is known only later in the change (a sign-up, a password reset): the service
 * sets `id` before it records the event.
 */
export function requestActor(request: FastifyRequest, userId: string | null): AuditActor {
  const userAgent = request.headers['user-agent'];
  return {
    type: 'user',
    id: userId,
    tokenId: request.auth?.kind === 'token' ? request.auth.tokenId : null,
    requestId: String(request.id),
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
  };
}

/** Changes made by the platform itself (jobs, maintenance commands). */
export const systemActor: AuditActor = {
  type: 'system',
  id: null,
  tokenId: null,
  requestId: null,
  ip: null,
  userAgent: null,
};
