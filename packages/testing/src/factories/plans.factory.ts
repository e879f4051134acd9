import { newId } from '@tollgate/contracts';
import type { Plan, PlanVersion, PlanVisibility, Prisma } from '@tollgate/db';
import type { FactoryDb } from './db-client.js';
import { uniqueSuffix } from './unique.js';

export interface PlanInput {
  tenantId: string;
  name?: string;
  visibility?: PlanVisibility;
  /** GCRA limit per key; null (the default) means no rate limit. */
  rateLimit?: { limit: number; windowSeconds: number; burst: number } | null;
  monthlyQuota?: number | null;
  apiIds?: string[];
  currency?: string;
  baseFeeCents?: number;
  includedCalls?: number;
  overageTiers?: Prisma.InputJsonValue;
  billUpstream5xx?: boolean;
  trialDays?: number;
}

export type PlanWithVersion = Plan & { planVersion: PlanVersion };

/** A plan and its version 1 (its current version). */
export async function createPlan(db: FactoryDb, input: PlanInput): Promise<PlanWithVersion> {
  const planId = newId('plan');
  const plan = await db.plan.create({
    data: {
      id: planId,
      tenantId: input.tenantId,
      name: input.name ?? `Plan ${uniqueSuffix()}`,
      currentVersion: 1,
      visibility: input.visibility ?? 'public',
    },
  });
  const planVersion = await db.planVersion.create({
    data: {
      id: newId('planVersion'),
      tenantId: input.tenantId,
      planId,
      version: 1,
      rateLimitLimit: input.rateLimit?.limit ?? null,
      rateLimitWindowSeconds: input.rateLimit?.windowSeconds ?? null,
      rateLimitBurst: input.rateLimit?.burst ?? null,
      monthlyQuota: input.monthlyQuota ?? null,
      currency: input.currency ?? 'usd',
      baseFeeCents: input.baseFeeCents ?? 0,
      includedCalls: input.includedCalls ?? 0,
      overageTiers: input.overageTiers ?? [],
      billUpstream5xx: input.billUpstream5xx ?? true,
      trialDays: input.trialDays ?? 0,
      apiIds: input.apiIds ?? [],
    },
  });
  return { ...plan, planVersion };
}
