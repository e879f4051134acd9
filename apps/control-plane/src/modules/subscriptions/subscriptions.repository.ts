import { Injectable } from '@nestjs/common';
import type { PlanVisibility, SubscriptionStatus } from '@tollgate/db';
import { Transactions } from '../audit/transactions.js';

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

/** A plan a subscription may move to, with what decides who may choose it. */
export interface PlanChoiceRow {
  id: string;
  currentVersion: number;
  visibility: PlanVisibility;
  archivedAt: Date | null;
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

  /** The tenant's plan (archived or not) with what decides who may choose it; null when it has none. */
  findPlan(tenantId: string, planId: string): Promise<PlanChoiceRow | null> {
    return this.db.plan.findFirst({
      where: { id: planId, tenantId },
      select: { id: true, currentVersion: true, visibility: true, archivedAt: true },
    });
  }

  findPlanVersion(planId: string, version: number): Promise<{ id: string } | null> {
    return this.db.planVersion.findUnique({
      where: { planId_version: { planId, version } },
      select: { id: true },
    });
  }

  /** Points the subscription at a version of a plan. */
  move(subscriptionId: string, target: { planId: string; planVersionId: string }): Promise<SubscriptionRow> {
    return this.db.subscription.update({
      where: { id: subscriptionId },
      data: { planId: target.planId, planVersionId: target.planVersionId },
      select: subscriptionFields,
    });
  }
}
