import { Prisma, type PrismaClient } from '@tollgate/db';

/** A subscription that can hold quota, with the period it has on record. */
export interface QuotaSubscription {
  subscriptionId: string;
  tenantId: string;
  /** Epoch ms of the recorded current period. */
  recorded: { start: number; end: number };
}

/** A subscription's period `[start, end)` in epoch ms. */
export interface SubscriptionPeriod {
  subscriptionId: string;
  start: number;
  end: number;
}

/** Subscriptions whose keys the gateway admits: their calls count against their quota. */
export const liveSubscriptionStatuses = ['trialing', 'active', 'past_due'] as const;

/** Reads what the quota rebuild and the reconciliation compare against: subscriptions and the rollups' quota-counted calls. */
export class QuotaPeriodsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Live subscriptions (the ones whose keys the gateway admits), a page at a time by id. */
  async liveSubscriptions(afterId: string, limit: number): Promise<QuotaSubscription[]> {
    const rows = await this.prisma.subscription.findMany({
      where: { id: { gt: afterId }, status: { in: [...liveSubscriptionStatuses] } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, tenantId: true, currentPeriodStart: true, currentPeriodEnd: true },
    });
    return rows.map((row) => ({
      subscriptionId: row.id,
      tenantId: row.tenantId,
      recorded: { start: row.currentPeriodStart.getTime(), end: row.currentPeriodEnd.getTime() },
    }));
  }

  /**
   * The rollups' quota-counted calls in each period, in the order given (a subscription may
   * appear with several periods), in one statement; the `(subscription_id, minute)` index
   * serves it. Periods start on whole minutes, as the rollups do, so each sum is exact.
   */
  async quotaCalls(periods: readonly SubscriptionPeriod[]): Promise<number[]> {
    if (periods.length === 0) return [];
    const rows = await this.prisma.$queryRaw<Array<{ i: bigint; calls: bigint }>>(Prisma.sql`
      SELECT p.i, COALESCE(SUM(r.quota_calls), 0)::bigint AS calls
      FROM unnest(
        ${periods.map((p) => p.subscriptionId)}::text[],
        ${periods.map((p) => new Date(p.start))}::timestamptz[],
        ${periods.map((p) => new Date(p.end))}::timestamptz[]
      ) WITH ORDINALITY AS p(subscription_id, period_start, period_end, i)
      LEFT JOIN usage_rollups r
        ON r.subscription_id = p.subscription_id
       AND r.minute >= p.period_start AND r.minute < p.period_end
      GROUP BY p.i`);
    const calls = new Array<number>(periods.length).fill(0);
    for (const row of rows) calls[Number(row.i) - 1] = Number(row.calls);
    return calls;
  }
}
