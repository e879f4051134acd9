import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

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
      select: {
        id: true,
        consumerId: true,
        planId: true,
        status: true,
        currentPeriodStart: true,
        currentPeriodEnd: true,
        createdAt: true,
        planVersion: { select: { version: true } },
      },
    });
  }
}
