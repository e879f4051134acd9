import { TollgateError } from '@tollgate/errors';
import type { FastifyRequest } from 'fastify';

/** What a signed-in request carries as `request.user` (deserialised from the session on every request). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

declare module 'fastify' {
  interface PassportUser extends SessionUser {}
}

/** The signed-in user, or the catalog's `unauthenticated` (401). */
export function requireUser(request: FastifyRequest): SessionUser {
  const user = request.user;
  if (!user) throw new TollgateError('unauthenticated');
  return user;
}
