import { Injectable } from '@nestjs/common';
import { addUtcMonths, newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { ConsumerIndexProjector } from '../projections/consumer-index.projector.js';
import { KeyIndexProjector } from '../projections/key-index.projector.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { TenantAccess, TenantScope } from '../tenancy/tenant-access.js';
import { type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository.js';
import type {
  CreateSubscriptionInput,
  MoveSubscriptionInput,
  SubscriptionOutput,
} from './subscriptions.schemas.js';

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly consumerIndex: ConsumerIndexProjector,
    private readonly keyIndex: KeyIndexProjector,
    private readonly publisher: SnapshotPublisher,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
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
    const moved = await this.transactions.run(async () => {
      const { row, keys } = await this.subscriptions.move(subscriptionId, planVersion.id);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'subscription.moved',
        target: { type: 'subscription', id: subscriptionId },
        before: { planId: found.planId, planVersion: found.planVersion.version },
        after: { planId: row.planId, planVersion: row.planVersion.version },
      });
      // Last before commit: if Redis fails, the move rolls back.
      for (const key of keys) await this.keyIndex.project(key);
      return row;
    });
    if (version !== found.plan.currentVersion)
      await this.publisher.publish(access.tenantId, {
        createdBy: access.userId,
        reason: `subscription.moved ${subscriptionId} v${version}`,
        actor: access.actor,
      });
    await this.consumerIndex.projectConsumer(consumerId);
    return subscriptionOutput(moved);
  }

  /** Subscribes a consumer to the plan's current version; the first period starts now. */
  async create(
    access: TenantScope,
    consumerId: string,
    input: CreateSubscriptionInput,
  ): Promise<SubscriptionOutput> {
    if (!(await this.subscriptions.consumerExists(access.tenantId, consumerId)))
      throw new TollgateError('not_found');
    const planVersion = await this.subscriptions.findCurrentPlanVersion(access.tenantId, input.planId);
    if (!planVersion) throw validationFailed([{ path: 'planId', message: 'No such plan in this tenant' }]);
    // Periods start on a whole minute, as the usage rollups do, so a period's quota sums exactly from them.
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const subscription = await this.transactions.run(async () => {
      const created = await this.subscriptions.create({
        id: newId('subscription'),
        tenantId: access.tenantId,
        consumerId,
        planId: input.planId,
        planVersionId: planVersion.id,
        status: 'active',
        currentPeriodStart: start,
        currentPeriodEnd: new Date(addUtcMonths(start, 1)),
      });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'subscription.created',
        target: { type: 'subscription', id: created.id },
        after: {
          consumerId,
          planId: created.planId,
          planVersion: created.planVersion.version,
          status: created.status,
        },
      });
      return created;
    });
    // The consumer index carries the subscriptions token callers are admitted by.
    await this.consumerIndex.projectConsumer(consumerId);
    return subscriptionOutput(subscription);
  }
}

export function subscriptionOutput(s: SubscriptionRow): SubscriptionOutput {
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
