import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { ConsumerIndexProjector } from '../projections/consumer-index.projector.js';
import { KeyIndexProjector } from '../projections/key-index.projector.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository.js';
import type {
  CreateSubscriptionInput,
  MoveSubscriptionInput,
  SubscriptionOutput,
} from './subscriptions.schemas.js';

/** One calendar month later (UTC), clamped to the month's last day (Jan 31 → Feb 28). */
export function addMonth(start: Date): Date {
  const end = new Date(start);
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return end;
}

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly consumerIndex: ConsumerIndexProjector,
    private readonly keyIndex: KeyIndexProjector,
    private readonly publisher: SnapshotPublisher,
  ) {}

  /**
   * Moves a subscription to another version of its plan (default: the current one). Its keys'
   * records are rewritten before the change commits, so gateways apply the new terms at once.
   * A version other than the current one may be missing from the live snapshot (only versions
   * in use are kept), so the config is republished after such a move.
   */
  async move(
    access: TenantAccess,
    consumerId: string,
    subscriptionId: string,
    input: MoveSubscriptionInput,
  ): Promise<SubscriptionOutput> {
    const found = await this.subscriptions.findSubscription(access.tenantId, consumerId, subscriptionId);
    if (!found) throw new TollgateError('not_found');
    const version = input.planVersion ?? found.plan.currentVersion;
    const planVersion = await this.subscriptions.findPlanVersion(found.planId, version);
    if (!planVersion)
      throw validationFailed([{ path: 'planVersion', message: 'No such version of this plan' }]);
    const moved = await this.subscriptions.move(subscriptionId, planVersion.id, async (keys) => {
      for (const key of keys) await this.keyIndex.project(key);
    });
    if (version !== found.plan.currentVersion)
      await this.publisher.publish(access.tenantId, {
        createdBy: access.userId,
        reason: `subscription.moved ${subscriptionId} v${version}`,
      });
    await this.consumerIndex.projectConsumer(consumerId);
    return subscriptionOutput(moved);
  }

  /** Subscribes a consumer to the plan's current version; the first period starts now. */
  async create(
    access: TenantAccess,
    consumerId: string,
    input: CreateSubscriptionInput,
  ): Promise<SubscriptionOutput> {
    if (!(await this.subscriptions.consumerExists(access.tenantId, consumerId)))
      throw new TollgateError('not_found');
    const planVersion = await this.subscriptions.findCurrentPlanVersion(access.tenantId, input.planId);
    if (!planVersion) throw validationFailed([{ path: 'planId', message: 'No such plan in this tenant' }]);
    const now = new Date();
    const subscription = await this.subscriptions.create({
      id: newId('subscription'),
      tenantId: access.tenantId,
      consumerId,
      planId: input.planId,
      planVersionId: planVersion.id,
      status: 'active',
      currentPeriodStart: now,
      currentPeriodEnd: addMonth(now),
    });
    // The consumer index carries the subscriptions token callers are admitted by.
    await this.consumerIndex.projectConsumer(consumerId);
    return subscriptionOutput(subscription);
  }
}

function subscriptionOutput(s: SubscriptionRow): SubscriptionOutput {
  return {
    id: s.id,
    consumerId: s.consumerId,
    planId: s.planId,
    planVersion: s.planVersion.version,
    status: s.status,
    currentPeriodStart: s.currentPeriodStart.toISOString(),
    currentPeriodEnd: s.currentPeriodEnd.toISOString(),
    createdAt: s.createdAt.toISOString(),
  };
}
