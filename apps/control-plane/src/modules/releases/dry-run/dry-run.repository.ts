import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../../infra/tokens.js';
import type { DryRunReport, RecordedRequest, SubscriptionTerms } from './replay.js';

interface Cursor {
  at: Date;
  id: string;
}

/** The dry run's reads of the request log (a day-partitioned table outside Prisma: raw SQL) and its one write. */
@Injectable()
export class DryRunRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The window's requests of the tenant, oldest first, `pageSize` at a time (keyset on the primary key). */
  async *requests(
    tenantId: string,
    from: Date,
    to: Date,
    pageSize: number,
  ): AsyncGenerator<RecordedRequest[]> {
    let after: Cursor = { at: from, id: '' };
    for (;;) {
      const rows = await this.prisma.$queryRaw<(Omit<RecordedRequest, 'atMs'> & { at: Date; id: string })[]>`
        SELECT occurred_at AS at, id, request_id AS "requestId", method, path, api_version AS "apiVersion",
          api_id AS "apiId", route_id AS "routeId", key_id AS "keyId", consumer_id AS "consumerId",
          subscription_id AS "subscriptionId", environment, client_ip AS "clientIp", status::int AS status,
          deny_code AS "denyCode", deny_stage AS "denyStage"
        FROM request_log
        WHERE tenant_id = ${tenantId} AND occurred_at < ${to}
          AND (occurred_at, id) > (${after.at}, ${after.id})
        ORDER BY occurred_at, id
        LIMIT ${pageSize}`;
      if (rows.length === 0) return;
      yield rows.map(({ at, id: _id, ...row }) => ({ ...row, atMs: at.getTime() }));
      const last = rows[rows.length - 1]!;
      after = { at: last.at, id: last.id };
      if (rows.length < pageSize) return;
    }
  }

  /** Each subscription's plan version and current billing period. */
  async subscriptions(tenantId: string): Promise<Map<string, SubscriptionTerms>> {
    const rows = await this.prisma.subscription.findMany({
      where: { tenantId },
      select: {
        id: true,
        planId: true,
        currentPeriodStart: true,
        currentPeriodEnd: true,
        planVersion: { select: { version: true } },
      },
    });
    return new Map(
      rows.map((s) => [
        s.id,
        {
          planId: s.planId,
          planVersion: s.planVersion.version,
          period: { start: s.currentPeriodStart.getTime(), end: s.currentPeriodEnd.getTime() },
        },
      ]),
    );
  }

  /** Calls each subscription had counted against its quota this period before `from` (as far as the log keeps). */
  async quotaUsedBefore(
    tenantId: string,
    from: Date,
  ): Promise<Map<string, { periodStart: number; used: number }>> {
    const rows = await this.prisma.$queryRaw<{ subscriptionId: string; periodStart: Date; used: number }[]>`
      SELECT r.subscription_id AS "subscriptionId", s.current_period_start AS "periodStart", count(*)::int AS used
      FROM request_log r JOIN subscriptions s ON s.id = r.subscription_id
      WHERE r.tenant_id = ${tenantId} AND r.quota_counted
        AND r.occurred_at >= s.current_period_start AND r.occurred_at < ${from}
      GROUP BY r.subscription_id, s.current_period_start`;
    return new Map(
      rows.map((r) => [r.subscriptionId, { periodStart: r.periodStart.getTime(), used: r.used }]),
    );
  }

  /** Keeps the dry run with the release it was run for. */
  async store(tenantId: string, version: number, report: DryRunReport): Promise<void> {
    await this.prisma.configVersion.update({
      where: { tenantId_version: { tenantId, version } },
      data: { dryRun: report as unknown as Prisma.InputJsonObject },
    });
  }

  async stored(tenantId: string, version: number): Promise<DryRunReport | null> {
    const row = await this.prisma.configVersion.findUnique({
      where: { tenantId_version: { tenantId, version } },
      select: { dryRun: true },
    });
    return (row?.dryRun ?? null) as DryRunReport | null;
  }
}
