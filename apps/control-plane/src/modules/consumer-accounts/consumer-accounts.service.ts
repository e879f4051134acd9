import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { hashPassword, passwordMatches } from '../auth/password.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import {
  type ConsumerAccountRow,
  ConsumerAccountsRepository,
  type PortalTenantRow,
} from './consumer-accounts.repository.js';
import type {
  ConsumerSessionOutput,
  ConsumerSignupInput,
  ConsumerSignupOutput,
} from './consumer-accounts.schemas.js';

/** Sign-up and sign-in on a tenant's developer portal. */
@Injectable()
export class ConsumerAccountsService {
  constructor(
    private readonly accounts: ConsumerAccountsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** The tenant whose portal is at `slug`, or 404 `not_found`. */
  async portalTenant(slug: string): Promise<PortalTenantRow> {
    const tenant = await this.accounts.findTenant(slug);
    if (!tenant) throw new TollgateError('not_found', 'No developer portal at this address.');
    return tenant;
  }

  /**
   * Creates the consumer and its account, subscribed to the tenant's free public plan if there
   * is one, in one transaction. `actorFor` names the new account as the actor of each change.
   */
  async signup(
    slug: string,
    input: ConsumerSignupInput,
    actorFor: (accountId: string) => AuditActor,
  ): Promise<{ accountId: string; output: ConsumerSignupOutput }> {
    const tenant = await this.portalTenant(slug);
    const passwordHash = await hashPassword(input.password);
    const accountId = newId('consumerAccount');
    const actor = actorFor(accountId);
    return this.transactions.run(async () => {
      const created = await this.accounts.create({
        tenantId: tenant.id,
        consumer: { id: newId('consumer'), name: input.name, email: input.email },
        account: { id: accountId, email: input.email, name: input.name, passwordHash },
      });
      await this.audit.record({
        tenantId: tenant.id,
        actor,
        action: 'consumer.created',
        target: { type: 'consumer', id: created.consumer.id },
        after: { ...created.consumer, via: 'portal_signup' },
      });
      await this.audit.record({
        tenantId: tenant.id,
        actor,
        action: 'consumer_account.created',
        target: { type: 'consumer_account', id: accountId },
        after: { email: created.email, name: created.name, consumerId: created.consumer.id },
      });
      const planId = await this.accounts.findFreePublicPlan(tenant.id);
      const subscription = planId
        ? await this.subscriptions.create({ tenantId: tenant.id, actor }, created.consumer.id, { planId })
        : null;
      return { accountId, output: { ...sessionOutput(created), subscription } };
    });
  }

  /** The account id for a correct email and password on this tenant's portal, else null (alike for an unknown email). */
  async verifyCredentials(tenantId: string, email: string, password: string): Promise<string | null> {
    const found = await this.accounts.findCredentials(tenantId, email);
    return (await passwordMatches(found, password)) && found ? found.id : null;
  }

  async recordLogin(accountId: string, tenantId: string, actor: AuditActor): Promise<void> {
    await this.transactions.run(async () => {
      await this.accounts.recordLogin(accountId, new Date());
      await this.audit.record({
        tenantId,
        actor,
        action: 'consumer_account.signed_in',
        target: { type: 'consumer_account', id: accountId },
      });
    });
  }

  /** The account, its consumer and its tenant; 401 when the account is gone. */
  async describe(accountId: string): Promise<ConsumerSessionOutput> {
    const account = await this.accounts.find(accountId);
    if (!account) throw new TollgateError('unauthenticated');
    return sessionOutput(account);
  }
}

function sessionOutput(account: ConsumerAccountRow): ConsumerSessionOutput {
  return {
    account: {
      id: account.id,
      email: account.email,
      name: account.name,
      createdAt: account.createdAt.toISOString(),
    },
    consumer: account.consumer,
    tenant: account.tenant,
  };
}
