import { Injectable } from '@nestjs/common';
import { addUtcMonths, newId } from '@tollgate/contracts';
import { isTollgateError, TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { ConsumerIndexProjector } from '../projections/consumer-index.projector.js';
import { KeyIndexProjector } from '../projections/key-index.projector.js';
import { SnapshotPublisher, type VersionMeta } from '../projections/snapshot-publisher.service.js';
import type { TenantScope } from '../tenancy/tenant-access.js';
import { type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository.js';
import type {
  CreateSubscriptionInput,
  MoveSubscriptionInput,
  SubscriptionOutput,
} from './subscriptions.schemas.js';

/** Who picks the plan: a member of the tenant, or the developer itself on its portal (public plans only). */
export type PlanChooser = 'provider' | 'developer';

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
   * Moves a subscription to another plan of the tenant, or to another version of its own plan
   * (default: the target plan's current version). Its quota period and counter stay: calls
   * already counted this period stay counted under the new terms.
   *
   * Gateways refuse a key whose plan version their snapshot lacks, so the order is: the
   * subscription changes and, when the live config does not carry the new version yet, a config
   * version that does is published in the same transaction; once committed, gateways are told
   * of it first, then the keys' records are rewritten (and the consumer index), so no gateway
   * sees a key naming a version it was never told of. Should Redis fail after the commit, the
   * keys keep their old terms until the same call is made again.
   */
  async move(
    access: TenantScope & { userId?: string },
    consumerId: string,
    subscriptionId: string,
    input: MoveSubscriptionInput,
    chooser: PlanChooser = 'provider',
  ): Promise<SubscriptionOutput> {
    const found = await this.subscriptions.findSubscription(access.tenantId, consumerId, subscriptionId);
    if (!found) throw new TollgateError('not_found');
    const target = await this.targetOf(access.tenantId, found.planId, input, chooser);
    const action = target.planId === found.planId ? 'subscription.moved' : 'subscription.plan_changed';
    const moved = await this.transactions.run(async () => {
      const row = await this.subscriptions.move(subscriptionId, target);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action,
        target: { type: 'subscription', id: subscriptionId },
        before: { planId: found.planId, planVersion: found.planVersion.version },
        after: { planId: row.planId, planVersion: row.planVersion.version },
      });
      await this.carryVersion(
        access.tenantId,
        target,
        {
          // A developer's own change is published by the platform on its behalf (the actor says who).
          createdBy: access.userId ?? 'system',
          reason: `${action} ${subscriptionId} ${target.planId} v${target.version}`,
          actor: access.actor,
        },
        chooser,
      );
      await this.transactions.afterCommit(async () => {
        await this.keyIndex.projectSubscription(subscriptionId);
        await this.consumerIndex.projectConsumer(consumerId);
      });
      return row;
    });
    return subscriptionOutput(moved);
  }

  /**
   * The plan version a move goes to. A plan of another tenant is unknown (422, as at subscribe).
   * An archived plan takes no one new (`plan_unavailable`); a subscription already on it may still
   * move between its versions, but not on the portal, where a developer chooses among public,
   * unarchived plans only.
   */
  private async targetOf(
    tenantId: string,
    currentPlanId: string,
    input: MoveSubscriptionInput,
    chooser: PlanChooser,
  ): Promise<{ planId: string; planVersionId: string; version: number }> {
    const plan = await this.subscriptions.findPlan(tenantId, input.planId ?? currentPlanId);
    if (!plan) throw validationFailed([{ path: 'planId', message: 'No such plan in this tenant' }]);
    const portal = chooser === 'developer';
    if (plan.archivedAt !== null && (portal || plan.id !== currentPlanId))
      throw new TollgateError('plan_unavailable', 'This plan is archived: it takes no new subscribers.');
    if (portal && plan.visibility !== 'public')
      throw new TollgateError('plan_unavailable', 'This plan is not offered on the developer portal.');
    const version = input.planVersion ?? plan.currentVersion;
    const planVersion = await this.subscriptions.findPlanVersion(plan.id, version);
    if (!planVersion)
      throw validationFailed([{ path: 'planVersion', message: 'No such version of this plan' }]);
    return { planId: plan.id, planVersionId: planVersion.id, version };
  }

  /**
   * Publishes, in the move's transaction, a config carrying the target version unless the live
   * one does. A developer is not shown the release checks' findings about the provider's config:
   * it gets `plan_unavailable`, the provider `invalid_release` with its problems.
   */
  private async carryVersion(
    tenantId: string,
    target: { planId: string; version: number },
    meta: VersionMeta,
    chooser: PlanChooser,
  ): Promise<void> {
    try {
      await this.publisher.carryPlanVersion(tenantId, { id: target.planId, version: target.version }, meta);
    } catch (error) {
      if (chooser === 'developer' && isTollgateError(error) && error.code === 'invalid_release')
        throw new TollgateError('plan_unavailable', 'This plan cannot be chosen right now.');
      throw error;
    }
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
