import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';
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

const subscriptionFields = {
  id: true,
  consumerId: true,
  planId: true,
  status: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  createdAt: true,
  planVersion: { select: { version: true } },
} as const;

/** Runs inside the move's transaction with the subscription's keys as they now stand. */
export type BeforeMoveCommit = (keys: KeyIndexRow[]) => Promise<void>;

@Injectable()
export class SubscriptionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async consumerExists(tenantId: string, consumerId: string): Promise<boolean> {
    const found = await this.prisma.consumer.findFirst({
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
    const plan = await this.prisma.plan.findFirst({
      where: { id: planId, tenantId, archivedAt: null },
      select: { id: true, currentVersion: true },
    });
    if (!plan) return null;
    return this.prisma.planVersion.findUnique({
      where: { planId_version: { planId: plan.id, version: plan.currentVersion } },
      select: { id: true, version: true },
    });
  }

  create(subscription: NewSubscription): Promise<SubscriptionRow> {
    return this.prisma.subscription.create({
      data: subscription,
      select: subscriptionFields,
    });
  }

  findSubscription(
    tenantId: string,
    consumerId: string,
    subscriptionId: string,
  ): Promise<{ id: string; planId: string; plan: { currentVersion: number } } | null> {
    return this.prisma.subscription.findFirst({
      where: { id: subscriptionId, consumerId, tenantId },
      select: { id: true, planId: true, plan: { select: { currentVersion: true } } },
    });
  }

  findPlanVersion(planId: string, version: number): Promise<{ id: string } | null> {
    return this.prisma.planVersion.findUnique({
      where: { planId_version: { planId, version } },
      select: { id: true },
    });
  }

  /** Points the subscription at another version; its keys are re-projected before commit. */
  move(
    subscriptionId: string,
    planVersionId: string,
    beforeCommit: BeforeMoveCommit,
  ): Promise<SubscriptionRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.subscription.update({
        where: { id: subscriptionId },
        data: { planVersionId },
        select: subscriptionFields,
      });
      const keys = await tx.apiKey.findMany({ where: { subscriptionId }, select: keyIndexSelect });
      await beforeCommit(keys);
      return row;
    });
  }
}
