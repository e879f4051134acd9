import { Inject, Injectable, Logger } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { Env } from '../../env.js';
import { MailPort } from '../../infra/mail/mail.port.js';
import { ENV } from '../../infra/tokens.js';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { AuthRepository } from './auth.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { hashPassword } from './password.js';
import { readResetClaims, resetTokenTtlMs, resetTokenValid, signResetToken } from './password-reset-token.js';

/** Password reset by mail: a signed, expiring, single-use token (see `password-reset-token.ts`). */
@Injectable()
export class PasswordResetService {
  private readonly log = new Logger(PasswordResetService.name);

  constructor(
    private readonly accounts: AuthRepository,
    private readonly mail: MailPort,
    private readonly throttle: LoginThrottleService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Pick<Env, 'SESSION_SECRET' | 'PORTAL_PUBLIC_URL'>,
  ) {}

  /**
   * Mails a reset link when the email has an account. The caller answers the same either way,
   * and the mail goes out after the answer, so neither the answer nor its timing tells whether
   * an account exists.
   */
  request(email: string): void {
    void this.sendResetMail(email).catch((error: unknown) =>
      this.log.error({ err: error }, 'password reset mail not sent'),
    );
  }

  /** A reset token for the account with this email, issued at `now`; null when there is no such account. */
  async issueFor(email: string, now = new Date()): Promise<string | null> {
    const found = await this.accounts.findCredentials(email);
    if (!found) return null;
    return signResetToken(
      found.id,
      found.passwordHash,
      new Date(now.getTime() + resetTokenTtlMs),
      this.env.SESSION_SECRET,
    );
  }

  /**
   * Sets the new password and ends every session of the user, with a `user.password_reset`
   * event; an expired, used or forged token is `reset_token_invalid`. `origin`: the request.
   */
  async confirm(token: string, password: string, origin: AuditActor, now = new Date()): Promise<void> {
    const claims = readResetClaims(token, now);
    const account = claims ? await this.accounts.findPasswordHash(claims.userId) : null;
    if (!claims || !account || !resetTokenValid(token, account.passwordHash, this.env.SESSION_SECRET)) {
      throw new TollgateError('reset_token_invalid');
    }
    const passwordHash = await hashPassword(password);
    const replaced = await this.transactions.run(async () => {
      if (!(await this.accounts.replacePassword(claims.userId, account.passwordHash, passwordHash)))
        return false;
      await this.audit.record({
        tenantId: null,
        actor: { ...origin, type: 'user', id: claims.userId },
        action: 'user.password_reset',
        target: { type: 'user', id: claims.userId },
      });
      return true;
    });
    if (!replaced) throw new TollgateError('reset_token_invalid');
    await this.throttle.recordSuccess(account.email);
  }

  private async sendResetMail(email: string): Promise<void> {
    const token = await this.issueFor(email);
    if (!token) return;
    const link = new URL('/reset-password', this.env.PORTAL_PUBLIC_URL);
    link.searchParams.set('token', token);
    await this.mail.send({
      to: email,
      subject: 'Reset your Tollgate password',
      text: [
        'Someone asked to reset the password of your Tollgate account.',
        '',
        `To choose a new password, open this link within ${resetTokenTtlMs / 60_000} minutes:`,
        link.toString(),
        '',
        'If it was not you, ignore this mail: your password stays as it is.',
      ].join('\n'),
    });
  }
}
