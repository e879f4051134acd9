import { Injectable } from '@nestjs/common';
import type { Prisma } from '@tollgate/db';
import type { Session } from 'fastify';
import { SessionRepository } from './session.repository.js';

type Callback = (error?: unknown) => void;
type SessionCallback = (error: unknown, session?: Session | null) => void;

/** Where passport keeps the serialised user (the user id) inside the session. */
export const passportSessionKey = 'passport';

/** How long a session lives after sign-in; sessions are not extended on use (no write per request). */
export const sessionTtlMs = 7 * 24 * 60 * 60 * 1000;

/**
 * @fastify/session store on the Postgres `Session` table. Only signed-in sessions are kept: a
 * session without a user (after logout, or a regenerate before the user is set) is deleted.
 */
@Injectable()
export class PrismaSessionStore {
  constructor(private readonly sessions: SessionRepository) {}

  get(sessionId: string, callback: SessionCallback): void {
    this.sessions.findLive(sessionId, new Date()).then(
      (data) => callback(null, isObject(data) ? (data as unknown as Session) : null),
      (error) => callback(error),
    );
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const data = JSON.parse(JSON.stringify(session)) as Prisma.InputJsonObject;
    const userId = data[passportSessionKey];
    const write =
      typeof userId === 'string'
        ? this.sessions.save({ id: sessionId, userId, expiresAt: expiryOf(session), data })
        : this.sessions.delete(sessionId);
    write.then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.sessions.delete(sessionId).then(() => callback(), callback);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expiryOf(session: Session): Date {
  const expires = session.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + sessionTtlMs);
}
