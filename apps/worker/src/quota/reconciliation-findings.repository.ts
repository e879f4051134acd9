import { newId } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import type { RecordedEvent, TenantEvents } from '../webhooks/tenant-events.js';
import type { ReconciliationFinding } from './usage-reconcile.js';

/** The webhook event type of a reconciliation finding. */
export const reconciliationEventType = 'usage.reconciliation_mismatch';

/**
 * Stored findings, one row per subscription, period and kind. A new finding and its alert
 * (webhook deliveries, mail to the tenant's owners and admins) are written in one
 * transaction, so a crash can neither raise a finding twice nor store it unraised.
 */
export class ReconciliationFindings {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: TenantEvents | null,
  ) {}

  /** True when the finding is new (stored and raised now); false when it was raised before. */
  async reportOnce(finding: ReconciliationFinding): Promise<boolean> {
    const recorded = await this.prisma.$transaction(async (tx): Promise<RecordedEvent | 'new' | null> => {
      const rows = await tx.$executeRaw`
        INSERT INTO usage_reconciliation_findings
          (id, tenant_id, subscription_id, period_start, period_end, kind, gateway_count, rollup_count)
        VALUES (${newId('reconciliationFinding')}, ${finding.tenantId}, ${finding.subscriptionId},
          ${new Date(finding.periodStart)}, ${new Date(finding.periodEnd)}, ${finding.kind},
          ${finding.gatewayCount}, ${finding.rollupCount})
        ON CONFLICT (subscription_id, period_start, kind) DO NOTHING`;
      if (rows !== 1) return null;
      return this.events === null ? 'new' : this.events.record(tx, alertOf(finding));
    });
    if (recorded === null) return false;
    if (recorded !== 'new') await this.events?.send(recorded);
    return true;
  }
}

function alertOf(finding: ReconciliationFinding) {
  const period = `${new Date(finding.periodStart).toISOString()} – ${new Date(finding.periodEnd).toISOString()}`;
  const what =
    finding.kind === 'closed_period_mismatch'
      ? `the gateway counted ${finding.gatewayCount} quota calls but the usage records hold ${finding.rollupCount}`
      : `the usage records hold ${finding.rollupCount} quota calls, more than the ${finding.gatewayCount} the gateway admitted`;
  return {
    tenantId: finding.tenantId,
    type: reconciliationEventType,
    data: {
      subscriptionId: finding.subscriptionId,
      periodStart: new Date(finding.periodStart).toISOString(),
      periodEnd: new Date(finding.periodEnd).toISOString(),
      kind: finding.kind,
      gatewayCount: finding.gatewayCount,
      rollupCount: finding.rollupCount,
    },
    mail: {
      subject: 'Usage reconciliation found a difference',
      text: `For subscription ${finding.subscriptionId}, period ${period}, ${what}. Tollgate support has the details; invoices for this period should be reviewed before they are sent.`,
      toProviderAdmins: true,
    },
  };
}
