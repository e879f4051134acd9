import { Injectable } from '@nestjs/common';
import { Transactions } from '../audit/transactions.js';
import { type PlanTermsRow, termsFields } from '../plans/plans.repository.js';
import { type SubscriptionRow, subscriptionFields } from '../subscriptions/subscriptions.repository.js';

/** A subscription with its plan's name and its version's full terms. */
export type MeSubscriptionRow = Omit<SubscriptionRow, 'planVersion'> & {
  plan: { name: string };
  planVersion: PlanTermsRow;
};

/** The consumer's own objects: every query is bounded by its consumer id (and tenant). */
@Injectable()
export class MeRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The consumer's newest subscription that is not canceled, or null. */
  currentSubscription(tenantId: string, consumerId: string): Promise<MeSubscriptionRow | null> {
    return this.transactions.client.subscription.findFirst({
      where: { tenantId, consumerId, status: { not: 'canceled' } },
      orderBy: { createdAt: 'desc' },
      select: {
        ...subscriptionFields,
        plan: { select: { name: true } },
        planVersion: { select: termsFields },
      },
    });
  }

  async ownsSubscription(tenantId: string, consumerId: string, subscriptionId: string): Promise<boolean> {
    const found = await this.transactions.client.subscription.findFirst({
      where: { id: subscriptionId, tenantId, consumerId },
      select: { id: true },
    });
    return found !== null;
  }

  async ownsKey(tenantId: string, consumerId: string, keyId: string): Promise<boolean> {
    const found = await this.transactions.client.apiKey.findFirst({
      where: { id: keyId, tenantId, consumerId },
      select: { id: true },
    });
    return found !== null;
  }
}
