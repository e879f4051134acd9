import { Injectable } from '@nestjs/common';
import type { SubscriptionStatus } from '@tollgate/db';
import { Transactions } from '../audit/transactions.js';
import { type KeyIndexRow, keyIndexSelect } from '../projections/key-index.repository.js';

export interface SubscriptionRow {
  id: string;
  consumerId: string;
  planId: string;
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  createdAt: Date;
  planVersion: { version: number };
}

export interface NewSubscription {
  id: string;
  tenantId: string;
  consumerId: string;
  planId: string;
  planVersionId: string;
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
}

/** The columns of a `SubscriptionRow`. */
export const subscriptionFields = {
  id: true,
  consumerId: true,
  planId: true,
  status: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  createdAt: true,
  planVersion: { select: { version: true } },
} as const;

@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The caller's transaction when there is one (so its audit event commits with the change). */
  private get db() {
    return this.transactions.client;
  }

  async consumerExists(tenantId: string, consumerId: string): Promise<boolean> {
    const found = await this.db.consumer.findFirst({
      where: { id: consumerId, tenantId },
      select: { id: true },
    });
    return found !== null;
  }

  /** The version new subscriptions of this (unarchived) plan get, or null. */
  async findCurrentPlanVersion(
    tenantId: string,
    planId: string,
  ): Promise<{ id: string; version: number } | null> {
    const plan = await this.db.plan.findFirst({
      where: { id: planId, tenantId, archivedAt: null },
      select: { id: true, currentVersion: true },
    });
    if (!plan) return null;
    return this.db.planVersion.findUnique({
      where: { planId_version: { planId: plan.id, version: plan.currentVersion } },
      select: { id: true, version: true },
    });
  }

  create(subscription: NewSubscription): Promise<SubscriptionRow> {
    return this.db.subscription.create({
      data: subscription,
      select: subscriptionFields,
    });
  }

  findSubscription(
    tenantId: string,
    consumerId: string,
    subscriptionId: string,
  ): Promise<{
    id: string;
    planId: string;
    plan: { currentVersion: number };
    planVersion: { version: number };
  } | null> {
    return this.db.subscription.findFirst({
      where: { id: subscriptionId, consumerId, tenantId },
      select: {
        id: true,
        planId: true,
        plan: { select: { currentVersion: true } },
        planVersion: { select: { version: true } },
      },
    });
  }

  findPlanVersion(planId: string, version: number): Promise<{ id: string } | null> {
    return this.db.planVersion.findUnique({
      where: { planId_version: { planId, version } },
      select: { id: true },
    });
  }

  /** Points the subscription at another version; returns it with its keys as they now stand. */
  move(
    subscriptionId: string,
    planVersionId: string,
  ): Promise<{ row: SubscriptionRow; keys: KeyIndexRow[] }> {
    return this.transactions.run(async (tx) => {
      const row = await tx.subscription.update({
        where: { id: subscriptionId },
        data: { planVersionId },
        select: subscriptionFields,
      });
      const keys = await tx.apiKey.findMany({ where: { subscriptionId }, select: keyIndexSelect });
      return { row, keys };
    });
  }
}
