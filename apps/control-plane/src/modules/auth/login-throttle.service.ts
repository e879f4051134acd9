import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_PREFIX } from '../../infra/tokens.js';

/** Wrong passwords allowed per account, and per client address, within {@link loginFailureWindowSeconds}. */
export const loginFailuresPerAccountMax = 5;
export const loginFailuresPerIpMax = 20;
/** Counters start at the first failure and vanish after this; a success clears the account's. */
export const loginFailureWindowSeconds = 15 * 60;

/** Thrown as 429 `too_many_login_attempts`; the controller turns `retryAfterSeconds` into Retry-After. */
export class LoginThrottled extends TollgateError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_login_attempts');
  }
}

/**
 * Counts failed sign-ins in Redis per account and per client address. Once either counter is
 * at its maximum, every attempt is refused (even with the right password) until it expires.
 * Redis trouble fails open: sign-in must not depend on the counters being reachable.
 */
@Injectable()
export class LoginThrottleService {
  private readonly log = new Logger(LoginThrottleService.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  /** Throws {@link LoginThrottled} when the account or the address has used up its attempts. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const account = this.accountKey(email);
    const address = this.ipKey(ip);
    let results: Array<[Error | null, unknown]> | null;
    try {
      results = await this.redis.multi().get(account).ttl(account).get(address).ttl(address).exec();
    } catch (error) {
      this.log.error({ err: error }, 'login throttle unavailable; allowing the attempt');
      return;
    }
    const [accountCount, accountTtl, ipCount, ipTtl] = (results ?? []).map(([, value]) => value);
    const blockedFor: number[] = [];
    if (Number(accountCount ?? 0) >= loginFailuresPerAccountMax) blockedFor.push(Number(accountTtl));
    if (Number(ipCount ?? 0) >= loginFailuresPerIpMax) blockedFor.push(Number(ipTtl));
    if (blockedFor.length > 0) {
      throw new LoginThrottled(
        Math.max(1, ...blockedFor.map((ttl) => (ttl > 0 ? ttl : loginFailureWindowSeconds))),
      );
    }
  }

  /**
   * One sign-in attempt under the throttle, for any kind of account: refused while `identity`
   * or the address is blocked (429 with Retry-After), a failed `verify` counted and answered
   * 401 `invalid_credentials`, a success clearing the identity's counter. `identity` names the
   * account: an email, or a tenant and an email for a developer-portal account.
   */
  async attempt<T>(
    identity: string,
    ip: string,
    reply: FastifyReply,
    verify: () => Promise<T | null>,
  ): Promise<T> {
    try {
      await this.assertAllowed(identity, ip);
    } catch (error) {
      if (error instanceof LoginThrottled) reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
    const account = await verify();
    if (account === null) {
      await this.recordFailure(identity, ip);
      throw new TollgateError('invalid_credentials');
    }
    await this.recordSuccess(identity);
    return account;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of [this.accountKey(email), this.ipKey(ip)]) {
      // The window starts at the first failure: NX keeps later failures from extending it.
      multi.set(key, 0, 'EX', loginFailureWindowSeconds, 'NX').incr(key);
    }
    await multi
      .exec()
      .catch((error: unknown) => this.log.error({ err: error }, 'login throttle: failure not counted'));
  }

  /** A correct password clears the account's counter (the address's stays: it may be guessing many accounts). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis
      .del(this.accountKey(email))
      .catch((error: unknown) => this.log.error({ err: error }, 'login throttle: counter not cleared'));
  }

  // The email is hashed so the counter names carry no address.
  private accountKey(email: string): string {
    const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return `${this.prefix}auth:login-failures:account:${digest}`;
  }

  private ipKey(ip: string): string {
    return `${this.prefix}auth:login-failures:ip:${ip}`;
  }
}
