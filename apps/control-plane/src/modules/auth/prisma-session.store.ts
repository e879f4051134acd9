import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '@tollgate/db';
import type { Session } from 'fastify';
import { SessionRepository } from './session.repository.js';

type Callback = (error?: unknown) => void;
type SessionCallback = (error: unknown, session?: Session | null) => void;

/** Where passport keeps the serialised user (the user id) inside the session. */
export const passportSessionKey = 'passport';

/**
 * Where a developer-portal session keeps its consumer account id. Passport never reads it, so
 * a consumer session has no `request.user` and every provider route answers it 401.
 */
export const consumerSessionKey = 'consumerAccountId';

declare module 'fastify' {
  interface Session {
    [consumerSessionKey]?: string;
  }
}

/** How long a session lives after sign-in; sessions are not extended on use (no write per request). */
export const sessionTtlMs = 7 * 24 * 60 * 60 * 1000;

/**
 * The row id of a session: the SHA-256 of the id in the cookie, so a copy of the table (a dump,
 * a backup) holds no session id anyone could sign in with.
 */
export const sessionRowId = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

/**
 * @fastify/session store on the Postgres `Session` table (rows keyed by {@link sessionRowId}). Only signed-in sessions are kept: a
 * session without a user or consumer account (after logout, or a regenerate before either is
 * set) is deleted.
 */
@Injectable()
export class PrismaSessionStore {
  constructor(private readonly sessions: SessionRepository) {}

  get(sessionId: string, callback: SessionCallback): void {
    this.sessions.findLive(sessionRowId(sessionId), new Date()).then(
      (data) => callback(null, isObject(data) ? (data as unknown as Session) : null),
      (error) => callback(error),
    );
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const data = JSON.parse(JSON.stringify(session)) as Prisma.InputJsonObject;
    const userId = data[passportSessionKey];
    const consumerAccountId = data[consumerSessionKey];
    const owner =
      typeof userId === 'string'
        ? { userId, consumerAccountId: null }
        : typeof consumerAccountId === 'string'
          ? { userId: null, consumerAccountId }
          : null;
    const write = owner
      ? this.sessions.save({ id: sessionRowId(sessionId), ...owner, expiresAt: expiryOf(session), data })
      : this.sessions.delete(sessionRowId(sessionId));
    write.then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.sessions.delete(sessionRowId(sessionId)).then(() => callback(), callback);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expiryOf(session: Session): Date {
  const expires = session.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + sessionTtlMs);
}
