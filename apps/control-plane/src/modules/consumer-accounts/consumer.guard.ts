import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyRequest } from 'fastify';
import { portalSessionKey } from '../auth/auth.decorators.js';
import { consumerSessionKey } from '../auth/prisma-session.store.js';
import { ConsumerAccountsRepository } from './consumer-accounts.repository.js';
import { consumerActor } from './consumer-session.js';

/**
 * The one guard of a developer-portal consumer's routes (`/v1/me/...`): the request must carry a
 * consumer session, else 401 `unauthenticated`. A provider user, by session or access token, is
 * refused too: a provider's identity never stands in for a consumer's, nor the reverse (a
 * consumer session has no `request.user`, so `TenantGuard` and every provider route answer it 401).
 */
@Injectable()
export class ConsumerGuard implements CanActivate {
  constructor(private readonly accounts: ConsumerAccountsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const accountId = request.user ? undefined : request.session?.get(consumerSessionKey);
    const account = accountId ? await this.accounts.findRef(accountId) : null;
    if (!account) throw new TollgateError('unauthenticated', 'This call needs a developer portal session.');
    request.consumer = { ...account, actor: consumerActor(request, account.accountId) };
    request.log = request.log.child({ tenantId: account.tenantId, consumerId: account.consumerId });
    return true;
  }
}

/** The route (or controller) takes a developer-portal consumer session only: `ConsumerGuard`, documented as such. */
export const PortalSession = () =>
  applyDecorators(SetMetadata(portalSessionKey, true), UseGuards(ConsumerGuard));
