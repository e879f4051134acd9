import { Inject, Injectable, Logger } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { Env } from '../../env.js';
import { MailPort } from '../../infra/mail/mail.port.js';
import { ENV } from '../../infra/tokens.js';
import { Transactions } from '../audit/transactions.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { hashPassword } from './password.js';
import {
  type ResetKind,
  readResetClaims,
  resetTokenTtlMs,
  resetTokenValid,
  signResetToken,
} from './password-reset-token.js';

/** An account as the reset flow sees it, whichever principal it belongs to. */
export interface ResetAccount {
  id: string;
  email: string;
  passwordHash: string;
  /** The login throttle's key of the account: a reset clears its failed sign-ins. */
  throttleKey: string;
}

/** One principal's accounts, as the reset flow needs them. */
export interface ResettableAccounts {
  kind: ResetKind;
  /** The account a token names; null when it is gone or outside the scope the reset is asked in. */
  find(accountId: string): Promise<ResetAccount | null>;
  /**
   * Inside the flow's transaction: sets `passwordHash` only if the current hash is still
   * `account.passwordHash` (so a token works once, even concurrently), ends the account's
   * sessions and records the audit event. False when the password changed meanwhile.
   */
  replace(account: ResetAccount, passwordHash: string): Promise<boolean>;
}

/** Where the link goes and what the mail calls the account, e.g. "Tollgate" or "Acme developer portal". */
export interface ResetMail {
  /** The reset page; the token is added as `?token=`. */
  page: URL;
  accountName: string;
}

/**
 * Password reset by mail for any principal: a signed, expiring, single-use token (see
 * `password-reset-token.ts`), the same password rules and hash as sign-up.
 */
@Injectable()
export class PasswordResetFlow {
  private readonly log = new Logger(PasswordResetFlow.name);

  constructor(
    private readonly mail: MailPort,
    private readonly throttle: LoginThrottleService,
    private readonly transactions: Transactions,
    @Inject(ENV) private readonly env: Pick<Env, 'SESSION_SECRET'>,
  ) {}

  /** A reset token for this account, issued at `now`. */
  issue(kind: ResetKind, account: Pick<ResetAccount, 'id' | 'passwordHash'>, now = new Date()): string {
    return signResetToken(
      kind,
      account.id,
      account.passwordHash,
      new Date(now.getTime() + resetTokenTtlMs),
      this.env.SESSION_SECRET,
    );
  }

  /**
   * Mails a reset link when `find` yields an account. The caller answers the same either way,
   * and the mail goes out after the answer, so neither the answer nor its timing tells whether
   * an account exists.
   */
  request(
    kind: ResetKind,
    find: () => Promise<Pick<ResetAccount, 'id' | 'email' | 'passwordHash'> | null>,
    mail: ResetMail,
  ): void {
    const send = async () => {
      const account = await find();
      if (!account) return;
      const link = new URL(mail.page);
      link.searchParams.set('token', this.issue(kind, account));
      await this.mail.send({
        to: account.email,
        subject: `Reset your ${mail.accountName} password`,
        text: [
          `Someone asked to reset the password of your ${mail.accountName} account.`,
          '',
          `To choose a new password, open this link within ${resetTokenTtlMs / 60_000} minutes:`,
          link.toString(),
          '',
          'If it was not you, ignore this mail: your password stays as it is.',
        ].join('\n'),
      });
    };
    void send().catch((error: unknown) => this.log.error({ err: error }, 'password reset mail not sent'));
  }

  /**
   * Sets the new password of the account the token names, in one transaction with its audit
   * event, and clears its failed sign-ins. An expired, used, forged or out-of-scope token is
   * `reset_token_invalid`.
   */
  async confirm(
    accounts: ResettableAccounts,
    token: string,
    password: string,
    now = new Date(),
  ): Promise<void> {
    const claims = readResetClaims(token, accounts.kind, now);
    const account = claims ? await accounts.find(claims.accountId) : null;
    if (!account || !resetTokenValid(token, account.passwordHash, this.env.SESSION_SECRET))
      throw new TollgateError('reset_token_invalid');
    const passwordHash = await hashPassword(password);
    const replaced = await this.transactions.run(() => accounts.replace(account, passwordHash));
    if (!replaced) throw new TollgateError('reset_token_invalid');
    await this.throttle.recordSuccess(account.throttleKey);
  }
}
