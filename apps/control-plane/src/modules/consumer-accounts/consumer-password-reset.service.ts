import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { PasswordResetFlow, type ResettableAccounts } from '../auth/password-reset-flow.js';
import { ConsumerAccountsRepository, type PortalTenantRow } from './consumer-accounts.repository.js';
import { ConsumerAccountsService } from './consumer-accounts.service.js';

/**
 * Password reset of developer-portal accounts, on the provider's {@link PasswordResetFlow}. Each
 * portal is its own account space: a token only works on the tenant's portal it was mailed from.
 */
@Injectable()
export class ConsumerPasswordResetService {
  constructor(
    private readonly accounts: ConsumerAccountsRepository,
    private readonly portals: ConsumerAccountsService,
    private readonly flow: PasswordResetFlow,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Pick<Env, 'PORTAL_PUBLIC_URL'>,
  ) {}

  /** Mails a reset link when the email has an account on this portal; the caller answers the same either way. */
  async request(slug: string, email: string): Promise<void> {
    const tenant = await this.portals.portalTenant(slug);
    this.flow.request('consumer_account', () => this.findByEmail(tenant, email), {
      page: new URL(`/portal/${tenant.slug}/reset-password`, this.env.PORTAL_PUBLIC_URL),
      accountName: `${tenant.name} developer portal`,
    });
  }

  /** A reset token for the account with this email on this portal, issued at `now`; null when there is none. */
  async issueFor(slug: string, email: string, now = new Date()): Promise<string | null> {
    const found = await this.findByEmail(await this.portals.portalTenant(slug), email);
    return found ? this.flow.issue('consumer_account', found, now) : null;
  }

  /**
   * Sets the new password and ends every session of the account, with a
   * `consumer_account.password_reset` event by the account; an expired, used, forged or other
   * portal's token is `reset_token_invalid`. `origin`: the request.
   */
  async confirm(slug: string, token: string, password: string, origin: AuditActor, now = new Date()) {
    const tenant = await this.portals.portalTenant(slug);
    const portalAccounts: ResettableAccounts = {
      kind: 'consumer_account',
      find: async (accountId) => {
        const found = await this.accounts.findPasswordHash(tenant.id, accountId);
        return found && { ...found, throttleKey: `${tenant.id}/${found.email}` };
      },
      replace: async (account, passwordHash) => {
        if (!(await this.accounts.replacePassword(account.id, account.passwordHash, passwordHash)))
          return false;
        await this.audit.record({
          tenantId: tenant.id,
          actor: { ...origin, type: 'consumer', id: account.id },
          action: 'consumer_account.password_reset',
          target: { type: 'consumer_account', id: account.id },
        });
        return true;
      },
    };
    await this.flow.confirm(portalAccounts, token, password, now);
  }

  private async findByEmail(tenant: PortalTenantRow, email: string) {
    const found = await this.accounts.findCredentials(tenant.id, email);
    return found && { ...found, email };
  }
}
