import { Injectable } from '@nestjs/common';
import type { Prisma } from '@tollgate/db';
import { Transactions } from '../audit/transactions.js';

const alertFields = {
  id: true,
  kind: true,
  subscriptionId: true,
  consumerId: true,
  planId: true,
  thresholdPercent: true,
  quota: true,
  usedCalls: true,
  periodStart: true,
  periodEnd: true,
  firedAt: true,
  resolvedAt: true,
  resolvedReason: true,
} as const;

export type AlertRow = Prisma.AlertStateGetPayload<{ select: typeof alertFields }>;

@Injectable()
export class AlertsRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  list(
    tenantId: string,
    query: { activeOnly: boolean; consumerId?: string; limit: number },
  ): Promise<AlertRow[]> {
    return this.db.alertState.findMany({
      where: {
        tenantId,
        ...(query.activeOnly ? { resolvedAt: null } : {}),
        ...(query.consumerId ? { consumerId: query.consumerId } : {}),
      },
      orderBy: [{ firedAt: 'desc' }, { thresholdPercent: 'desc' }],
      take: query.limit,
      select: alertFields,
    });
  }

  /** The consumer's unresolved alerts (its developer-portal banner). */
  activeForConsumer(consumerId: string): Promise<AlertRow[]> {
    return this.db.alertState.findMany({
      where: { consumerId, resolvedAt: null },
      orderBy: [{ firedAt: 'desc' }, { thresholdPercent: 'desc' }],
      select: alertFields,
    });
  }

  /** The plan's thresholds, the row locked for a change; null when the tenant has no such plan. */
  async lockThresholds(tenantId: string, planId: string): Promise<number[] | null> {
    const rows = await this.db.$queryRaw<Array<{ alert_threshold_percents: number[] | null }>>`
      SELECT alert_threshold_percents FROM plans WHERE id = ${planId} AND tenant_id = ${tenantId} FOR UPDATE`;
    const row = rows[0];
    return row ? (row.alert_threshold_percents ?? []) : null;
  }

  async thresholds(tenantId: string, planId: string): Promise<number[] | null> {
    const plan = await this.db.plan.findFirst({
      where: { id: planId, tenantId },
      select: { alertThresholdPercents: true },
    });
    return plan?.alertThresholdPercents ?? null;
  }

  async setThresholds(planId: string, percents: number[]): Promise<void> {
    await this.db.plan.update({ where: { id: planId }, data: { alertThresholdPercents: percents } });
  }
}
