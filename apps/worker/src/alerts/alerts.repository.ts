import type { PrismaClient, TransactionClient } from '@tollgate/db';
import { liveSubscriptionStatuses } from '../quota/quota-periods.repository.js';

/** A subscription that may raise quota alerts, with what its notices name. */
export interface LiveSubscription {
  id: string;
  tenantId: string;
  consumerId: string;
  consumerName: string;
  planId: string;
  planName: string;
  quota: number | null;
  thresholds: number[];
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
}

export interface AlertRow {
  id: string;
  tenantId: string;
  subscriptionId: string;
  consumerId: string;
  planId: string;
  thresholdPercent: number;
  quota: number;
  periodStart: Date;
  periodEnd: Date;
  usedCalls: number;
  eventId: string;
}

export class AlertsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async liveSubscriptions(): Promise<LiveSubscription[]> {
    const rows = await this.prisma.subscription.findMany({
      where: { status: { in: [...liveSubscriptionStatuses] } },
      select: {
        id: true,
        tenantId: true,
        consumerId: true,
        planId: true,
        currentPeriodStart: true,
        currentPeriodEnd: true,
        consumer: { select: { name: true } },
        plan: { select: { name: true, alertThresholdPercents: true } },
        planVersion: { select: { monthlyQuota: true } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenantId,
      consumerId: row.consumerId,
      consumerName: row.consumer.name,
      planId: row.planId,
      planName: row.plan.name,
      quota: row.planVersion.monthlyQuota,
      thresholds: row.plan.alertThresholdPercents,
      currentPeriodStart: row.currentPeriodStart,
      currentPeriodEnd: row.currentPeriodEnd,
    }));
  }

  /** Every unresolved quota alert (the live banners). */
  activeAlerts(): Promise<AlertRow[]> {
    return this.prisma.alertState.findMany({
      where: { kind: 'quota', resolvedAt: null },
      select: alertFields,
      orderBy: { firedAt: 'asc' },
    });
  }

  /** True when this (subscription, period, quota, threshold) had not fired before: the row is the once-only guard. */
  async insertAlert(db: TransactionClient, alert: AlertRow, at: Date): Promise<boolean> {
    const { count } = await db.alertState.createMany({
      data: [{ ...alert, kind: 'quota', firedAt: at }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /** True when this call resolved it (a concurrent evaluation may have first). */
  async resolveAlert(
    db: TransactionClient,
    id: string,
    resolution: { reason: string; eventId: string; at: Date },
  ): Promise<boolean> {
    const { count } = await db.alertState.updateMany({
      where: { id, resolvedAt: null },
      data: {
        resolvedAt: resolution.at,
        resolvedReason: resolution.reason,
        resolvedEventId: resolution.eventId,
      },
    });
    return count === 1;
  }
}

const alertFields = {
  id: true,
  tenantId: true,
  subscriptionId: true,
  consumerId: true,
  planId: true,
  thresholdPercent: true,
  quota: true,
  periodStart: true,
  periodEnd: true,
  usedCalls: true,
  eventId: true,
} as const;
