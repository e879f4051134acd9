import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TollgateError } from '@tollgate/errors';
import type { FastifyRequest } from 'fastify';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import type { TokenScope } from '../tokens/tokens.schemas.js';
import { TokensService } from '../tokens/tokens.service.js';
import { csrfExemptKey, sessionOnlyKey } from './auth.decorators.js';
import { csrfHeader, csrfTokenMatches, safeMethods } from './csrf.js';
import { consumerSessionKey } from './prisma-session.store.js';

/** How the request's user was established. */
export type RequestAuth = { kind: 'session' } | { kind: 'token'; tokenId: string; scopes: TokenScope[] };

declare module 'fastify' {
  interface FastifyRequest {
    auth?: RequestAuth;
  }
}

/**
 * Runs before every route (a global guard, ahead of `TenantGuard`):
 * - `Authorization: Bearer tgp_…` makes the token's user `request.user` (401 when the token is
 *   not live); a `read` token may only read, and `@SessionOnly()` routes refuse tokens (403);
 * - otherwise, a change made with a signed-in session cookie must carry `X-CSRF-Token`
 *   (from `GET /v1/auth/csrf`, or `GET /v1/me/csrf` for a developer-portal session), else 403 `csrf_failed`. Token calls need none: no browser sends them on its own.
 */
@Injectable()
export class RequestAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    @Inject(ENV) private readonly env: Pick<Env, 'SESSION_SECRET'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const changes = !safeMethods.has(request.method);

    const bearer = bearerOf(request.headers.authorization);
    if (bearer !== null) {
      const principal = await this.tokens.authenticate(bearer);
      if (!principal)
        throw new TollgateError('unauthenticated', 'The access token is unknown, revoked or expired.');
      request.user = principal.user;
      request.auth = { kind: 'token', tokenId: principal.tokenId, scopes: principal.scopes };
      if (this.reflector.getAllAndOverride<boolean>(sessionOnlyKey, targets)) {
        throw new TollgateError(
          'forbidden',
          'This call needs a signed-in session; access tokens cannot make it.',
        );
      }
      if (changes && !principal.scopes.includes('write')) {
        throw new TollgateError('forbidden', 'This access token has no write scope.');
      }
      return true;
    }

    // A signed-in session: a provider user's, or a developer-portal consumer's (no `request.user`).
    if (!request.user && request.session?.get(consumerSessionKey) === undefined) return true;
    request.auth = { kind: 'session' };
    if (changes && !this.reflector.getAllAndOverride<boolean>(csrfExemptKey, targets)) {
      if (
        !csrfTokenMatches(request.headers[csrfHeader], request.session.sessionId, this.env.SESSION_SECRET)
      ) {
        throw new TollgateError('csrf_failed');
      }
    }
    return true;
  }
}

/** The token of `Authorization: Bearer <token>`, or null when the header is absent or another scheme. */
function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
