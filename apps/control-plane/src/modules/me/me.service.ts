import { Injectable, Logger } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import type { ConsumerSessionOutput } from '../consumer-accounts/consumer-accounts.schemas.js';
import { ConsumerAccountsService } from '../consumer-accounts/consumer-accounts.service.js';
import type { ConsumerPrincipal } from '../consumer-accounts/consumer-session.js';
import type { IssuedKeyOutput, KeyOutput, RotatedKeyOutput, RotateKeyInput } from '../keys/keys.schemas.js';
import { KeysService } from '../keys/keys.service.js';
import { versionOutput } from '../plans/plans.service.js';
import { SubscriptionsService, subscriptionOutput } from '../subscriptions/subscriptions.service.js';
import type { UsageQuery, UsageResult } from '../usage/usage.schemas.js';
import { UsageService } from '../usage/usage.service.js';
import { MeRepository, type MeSubscriptionRow } from './me.repository.js';
import type { MeChangePlanInput, MeIssueKeyInput, MeSubscriptionOutput, QuotaOutput } from './me.schemas.js';
import { SubscriptionQuotaReader } from './subscription-quota.reader.js';

/**
 * A developer-portal consumer's view of its own objects. Every call is bounded by the caller's
 * consumer: another consumer's key is `not_found`, as if it did not exist. Changes go through
 * the same domain services as a provider's (keys, usage), with the consumer as the actor.
 */
@Injectable()
export class MeService {
  private readonly log = new Logger(MeService.name);

  constructor(
    private readonly accounts: ConsumerAccountsService,
    private readonly me: MeRepository,
    private readonly keys: KeysService,
    private readonly usage: UsageService,
    private readonly quota: SubscriptionQuotaReader,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  describe(consumer: ConsumerPrincipal): Promise<ConsumerSessionOutput> {
    return this.accounts.describe(consumer.accountId);
  }

  async subscription(consumer: ConsumerPrincipal): Promise<MeSubscriptionOutput | null> {
    const row = await this.me.currentSubscription(consumer.tenantId, consumer.consumerId);
    if (!row) return null;
    const terms = versionOutput(row.planVersion);
    return {
      ...subscriptionOutput(row),
      plan: { id: row.planId, name: row.plan.name },
      terms,
      quota: terms.monthlyQuota === null ? null : await this.quotaOf(row, terms.monthlyQuota),
    };
  }

  /**
   * Moves the caller's current subscription to another plan, through the provider's own move
   * (the same checks, audit event and key re-projection), with the developer's rules: public,
   * unarchived plans only. Answers the subscription as `GET /v1/me/subscription` now shows it.
   */
  async changePlan(consumer: ConsumerPrincipal, input: MeChangePlanInput): Promise<MeSubscriptionOutput> {
    const current = await this.me.currentSubscription(consumer.tenantId, consumer.consumerId);
    if (!current) throw new TollgateError('not_found', 'You have no subscription to change.');
    await this.subscriptions.move(consumer, consumer.consumerId, current.id, input, 'developer');
    const changed = await this.subscription(consumer);
    if (!changed) throw new TollgateError('not_found', 'You have no subscription to change.');
    return changed;
  }

  listKeys(consumer: ConsumerPrincipal): Promise<KeyOutput[]> {
    return this.keys.list(consumer, { consumerId: consumer.consumerId });
  }

  async issueKey(consumer: ConsumerPrincipal, input: MeIssueKeyInput): Promise<IssuedKeyOutput> {
    const subscriptionId =
      input.subscriptionId ?? (await this.me.currentSubscription(consumer.tenantId, consumer.consumerId))?.id;
    if (
      !subscriptionId ||
      !(await this.me.ownsSubscription(consumer.tenantId, consumer.consumerId, subscriptionId))
    ) {
      throw validationFailed([{ path: 'subscriptionId', message: 'No such subscription of yours' }]);
    }
    return this.keys.issue(consumer, { ...input, subscriptionId });
  }

  async rotateKey(
    consumer: ConsumerPrincipal,
    keyId: string,
    input: RotateKeyInput,
  ): Promise<RotatedKeyOutput> {
    await this.assertOwnKey(consumer, keyId);
    return this.keys.rotate(consumer, keyId, input);
  }

  async revokeKey(consumer: ConsumerPrincipal, keyId: string): Promise<KeyOutput> {
    await this.assertOwnKey(consumer, keyId);
    return this.keys.revoke(consumer, keyId);
  }

  /** The calls of the consumer's own keys only; naming another consumer or its key is 404. */
  usageOf(consumer: ConsumerPrincipal, query: UsageQuery): Promise<UsageResult> {
    return this.usage.query({ tenantId: consumer.tenantId, consumerId: consumer.consumerId }, query);
  }

  // A key's consumer never changes, so checking it before the keys service acts is not a race.
  private async assertOwnKey(consumer: ConsumerPrincipal, keyId: string): Promise<void> {
    if (!(await this.me.ownsKey(consumer.tenantId, consumer.consumerId, keyId)))
      throw new TollgateError('not_found');
  }

  /** The quota use, or null when the counters cannot be read (the rest of the answer still stands). */
  private async quotaOf(row: MeSubscriptionRow, limit: number): Promise<QuotaOutput | null> {
    try {
      return await this.quota.read(row, limit);
    } catch (error) {
      this.log.error({ err: error, subscriptionId: row.id }, 'quota counter unreadable');
      return null;
    }
  }
}
