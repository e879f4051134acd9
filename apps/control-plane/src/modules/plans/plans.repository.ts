import { Inject, Injectable } from '@nestjs/common';
import type { PlanVisibility, PrismaClient } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { PRISMA } from '../../infra/tokens.js';

export interface PlanTerms {
  version: number;
  rateLimitLimit: number | null;
  rateLimitWindowSeconds: number | null;
  rateLimitBurst: number | null;
  monthlyQuota: number | null;
  apiIds: string[];
}

export interface PlanRow {
  id: string;
  name: string;
  currentVersion: number;
  visibility: PlanVisibility;
  createdAt: Date;
  versions: PlanTerms[];
}

export interface NewPlan {
  id: string;
  tenantId: string;
  name: string;
  version: PlanTerms & { id: string };
}

const termsFields = {
  version: true,
  rateLimitLimit: true,
  rateLimitWindowSeconds: true,
  rateLimitBurst: true,
  monthlyQuota: true,
  apiIds: true,
} as const;

const planFields = {
  id: true,
  name: true,
  currentVersion: true,
  visibility: true,
  createdAt: true,
  versions: { select: termsFields, orderBy: { version: 'desc' } },
} as const;

@Injectable()
export class PlansRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Which of `apiIds` are APIs of this tenant. */
  async existingApiIds(tenantId: string, apiIds: string[]): Promise<Set<string>> {
    const apis = await this.prisma.api.findMany({
      where: { tenantId, id: { in: apiIds } },
      select: { id: true },
    });
    return new Set(apis.map((a) => a.id));
  }

  /** The plan and its version 1 together; a name taken in the tenant is a `conflict`. */
  async create(plan: NewPlan): Promise<PlanRow> {
    try {
      return await this.prisma.plan.create({
        data: {
          id: plan.id,
          tenantId: plan.tenantId,
          name: plan.name,
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
    return this.prisma.plan.findMany({
      where: { tenantId, archivedAt: null },
      orderBy: { createdAt: 'asc' },
      select: planFields,
    });
  }
}
