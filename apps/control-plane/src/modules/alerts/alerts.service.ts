import { Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type AlertRow, AlertsRepository } from './alerts.repository.js';
import type {
  AlertOutput,
  AlertThresholdsInput,
  AlertThresholdsOutput,
  ListAlertsQuery,
} from './alerts.schemas.js';

/**
 * Usage alerts as the console and the developer portal show them (the worker's `alerts.evaluate`
 * raises and resolves them), and each plan's thresholds. A plan starts with 50/80/100%.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async list(access: TenantAccess, query: ListAlertsQuery): Promise<AlertOutput[]> {
    const rows = await this.alerts.list(access.tenantId, {
      activeOnly: query.state === 'active',
      limit: query.limit,
      ...(query.consumerId ? { consumerId: query.consumerId } : {}),
    });
    return rows.map(alertOutput);
  }

  /** The banner flag of a consumer's developer portal: its alerts not resolved yet (none: no banner). */
  async activeAlertsFor(consumerId: string): Promise<AlertOutput[]> {
    return (await this.alerts.activeForConsumer(consumerId)).map(alertOutput);
  }

  async thresholds(access: TenantAccess, planId: string): Promise<AlertThresholdsOutput> {
    const percents = await this.alerts.thresholds(access.tenantId, planId);
    if (percents === null) throw new TollgateError('not_found');
    return { planId, quotaPercents: percents };
  }

  /** Replaces the plan's thresholds; alerts of a removed threshold resolve at the next evaluation. */
  async setThresholds(
    access: TenantAccess,
    planId: string,
    input: AlertThresholdsInput,
  ): Promise<AlertThresholdsOutput> {
    return this.transactions.run(async () => {
      const before = await this.alerts.lockThresholds(access.tenantId, planId);
      if (before === null) throw new TollgateError('not_found');
      await this.alerts.setThresholds(planId, input.quotaPercents);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'plan.alert_thresholds_changed',
        target: { type: 'plan', id: planId },
        before: { quotaPercents: before },
        after: { quotaPercents: input.quotaPercents },
      });
      return { planId, quotaPercents: input.quotaPercents };
    });
  }
}

function alertOutput(row: AlertRow): AlertOutput {
  return {
    ...row,
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    firedAt: row.firedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}
