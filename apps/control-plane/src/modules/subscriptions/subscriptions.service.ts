import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { ConsumerIndexProjector } from '../projections/consumer-index.projector.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository.js';
import type { CreateSubscriptionInput, SubscriptionOutput } from './subscriptions.schemas.js';

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
  ) {}

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
