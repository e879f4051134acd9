import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { AuthRepository } from './auth.repository.js';
import { PasswordResetFlow, type ResettableAccounts } from './password-reset-flow.js';

/** Password reset of provider users, on the shared {@link PasswordResetFlow}. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly accounts: AuthRepository,
    private readonly flow: PasswordResetFlow,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Pick<Env, 'PORTAL_PUBLIC_URL'>,
  ) {}

  /** Mails a reset link when the email has an account; the caller answers the same either way. */
  request(email: string): void {
    this.flow.request('user', () => this.accounts.findCredentials(email), {
      page: new URL('/reset-password', this.env.PORTAL_PUBLIC_URL),
      accountName: 'Tollgate',
    });
  }

  /** A reset token for the account with this email, issued at `now`; null when there is no such account. */
  async issueFor(email: string, now = new Date()): Promise<string | null> {
    const found = await this.accounts.findCredentials(email);
    return found ? this.flow.issue('user', found, now) : null;
  }

  /**
   * Sets the new password and ends every session of the user, with a `user.password_reset`
   * event; an expired, used or forged token is `reset_token_invalid`. `origin`: the request.
   */
  async confirm(token: string, password: string, origin: AuditActor, now = new Date()): Promise<void> {
    const users: ResettableAccounts = {
      kind: 'user',
      find: async (userId) => {
        const found = await this.accounts.findPasswordHash(userId);
        return found && { id: userId, ...found, throttleKey: found.email };
      },
      replace: async (user, passwordHash) => {
        if (!(await this.accounts.replacePassword(user.id, user.passwordHash, passwordHash))) return false;
        await this.audit.record({
          tenantId: null,
          actor: { ...origin, type: 'user', id: user.id },
          action: 'user.password_reset',
          target: { type: 'user', id: user.id },
        });
        return true;
      },
    };
    await this.flow.confirm(users, token, password, now);
  }
}
