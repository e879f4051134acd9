import { Injectable } from '@nestjs/common';
import type { PlanVisibility, Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

export interface PlanTerms {
  version: number;
  rateLimitLimit: number | null;
  rateLimitWindowSeconds: number | null;
  rateLimitBurst: number | null;
  monthlyQuota: number | null;
  apiIds: string[];
  currency: string;
  baseFeeCents: number;
  includedCalls: number;
  /** `OverageTier[]`, as validated on the way in. */
  overageTiers: Prisma.JsonValue;
  trialDays: number;
}

export type PlanTermsRow = PlanTerms & { createdAt: Date };

/** Terms as written: the currency is the column's default. */
export type NewPlanTerms = Omit<PlanTerms, 'currency' | 'overageTiers'> & {
  overageTiers: Prisma.InputJsonValue;
};

export interface PlanRow {
  id: string;
  name: string;
  currentVersion: number;
  visibility: PlanVisibility;
  createdAt: Date;
  versions: PlanTermsRow[];
}

export interface NewPlan {
  id: string;
  tenantId: string;
  name: string;
  visibility: PlanVisibility;
  version: NewPlanTerms & { id: string };
}

/** A change of the plan row (`name`, `visibility`) and/or new terms, which become a new version. */
export interface PlanChange {
  name?: string;
  visibility?: PlanVisibility;
  /** Builds the new version's terms from the current version's; absent: no new version. */
  terms?: (current: PlanTerms) => NewPlanTerms & { id: string };
}

/** The columns of a version's terms (`PlanTermsRow`). */
export const termsFields = {
  version: true,
  rateLimitLimit: true,
  rateLimitWindowSeconds: true,
  rateLimitBurst: true,
  monthlyQuota: true,
  apiIds: true,
  currency: true,
  baseFeeCents: true,
  includedCalls: true,
  overageTiers: true,
  trialDays: true,
  createdAt: true,
} as const;

const planFields = {
  id: true,
  name: true,
  currentVersion: true,
  visibility: true,
  createdAt: true,
  versions: { select: termsFields, orderBy: { version: 'desc' }, take: 1 },
} as const;

@Injectable()
export class PlansRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The caller's transaction when there is one (so its audit event commits with the change). */
  private get db() {
    return this.transactions.client;
  }

  /** Which of `apiIds` are APIs of this tenant. */
  async existingApiIds(tenantId: string, apiIds: string[]): Promise<Set<string>> {
    const apis = await this.db.api.findMany({
      where: { tenantId, id: { in: apiIds } },
      select: { id: true },
    });
    return new Set(apis.map((a) => a.id));
  }

  /** The plan and its version 1 together; a name taken in the tenant is a `conflict`. */
  async create(plan: NewPlan): Promise<PlanRow> {
    try {
      return await this.db.plan.create({
        data: {
          id: plan.id,
          tenantId: plan.tenantId,
          name: plan.name,
          visibility: plan.visibility,
          currentVersion: plan.version.version,
          versions: { create: { ...plan.version, tenantId: plan.tenantId } },
        },
        select: planFields,
      });
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
      throw new TollgateError('conflict', 'This tenant already has a plan with this name.');
    }
  }

  list(tenantId: string): Promise<PlanRow[]> {
    return this.db.plan.findMany({
      where: { tenantId, archivedAt: null },
      orderBy: { createdAt: 'asc' },
      select: planFields,
    });
  }

  /**
   * Applies a change in one transaction. New terms become version `currentVersion + 1`: the
   * increment locks the plan row, so concurrent changes get consecutive versions. Null when
   * the tenant has no such (unarchived) plan; else the plan before and after.
   */
  async update(
    tenantId: string,
    planId: string,
    change: PlanChange,
  ): Promise<{ before: PlanRow; after: PlanRow } | null> {
    try {
      return await this.transactions.run(async (tx) => {
        const before = await tx.plan.findFirst({
          where: { id: planId, tenantId, archivedAt: null },
          select: planFields,
        });
        if (!before) return null;
        const plan = await tx.plan.update({
          where: { id: planId },
          data: {
            ...(change.name === undefined ? {} : { name: change.name }),
            ...(change.visibility === undefined ? {} : { visibility: change.visibility }),
            ...(change.terms ? { currentVersion: { increment: 1 } } : {}),
          },
          select: { currentVersion: true },
        });
        if (change.terms) {
          const current = await tx.planVersion.findUniqueOrThrow({
            where: { planId_version: { planId, version: plan.currentVersion - 1 } },
            select: termsFields,
          });
          const next = change.terms(current);
          await tx.planVersion.create({
            data: { ...next, version: plan.currentVersion, planId, tenantId },
          });
        }
        const after = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: planFields });
        return { before, after };
      });
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
      throw new TollgateError('conflict', 'This tenant already has a plan with this name.');
    }
  }

  /** Every version of the tenant's plan, newest first; null when it has no such plan. */
  async versions(tenantId: string, planId: string): Promise<PlanTermsRow[] | null> {
    const plan = await this.db.plan.findFirst({
      where: { id: planId, tenantId },
      select: { versions: { select: termsFields, orderBy: { version: 'desc' } } },
    });
    return plan?.versions ?? null;
  }
}
