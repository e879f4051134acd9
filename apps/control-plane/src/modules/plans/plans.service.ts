import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { validationFailed } from '../../common/validation.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type PlanRow, PlansRepository } from './plans.repository.js';
import type { CreatePlanInput, PlanOutput } from './plans.schemas.js';

@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly publisher: SnapshotPublisher,
  ) {}

  /** Creates the plan with its immutable version 1, then publishes the tenant's config. */
  async create(access: TenantAccess, input: CreatePlanInput): Promise<PlanOutput> {
    const known = await this.plans.existingApiIds(access.tenantId, input.apiIds);
    const unknown = input.apiIds.flatMap((id, index) =>
      known.has(id) ? [] : [{ path: `apiIds.${index}`, message: 'No such API in this tenant' }],
    );
    if (unknown.length > 0) throw validationFailed(unknown);

    const plan = await this.plans.create({
      id: newId('plan'),
      tenantId: access.tenantId,
      name: input.name,
      version: {
        id: newId('planVersion'),
        version: 1,
        rateLimitLimit: input.rateLimit?.limit ?? null,
        rateLimitWindowSeconds: input.rateLimit?.windowSeconds ?? null,
        rateLimitBurst: input.rateLimit?.burst ?? null,
        monthlyQuota: input.monthlyQuota,
        apiIds: input.apiIds,
      },
    });
    await this.publisher.publish(access.tenantId, {
      createdBy: access.userId,
      reason: `plan.created ${plan.id}`,
    });
    return planOutput(plan);
  }

  async list(access: TenantAccess): Promise<PlanOutput[]> {
    return (await this.plans.list(access.tenantId)).map(planOutput);
  }
}

function planOutput(plan: PlanRow): PlanOutput {
  const terms = plan.versions.find((v) => v.version === plan.currentVersion);
  if (!terms) throw new Error(`plan ${plan.id} has no version ${plan.currentVersion}`);
  return {
    id: plan.id,
    name: plan.name,
    currentVersion: plan.currentVersion,
    visibility: plan.visibility,
    rateLimit:
      terms.rateLimitLimit !== null && terms.rateLimitWindowSeconds !== null && terms.rateLimitBurst !== null
        ? {
            limit: terms.rateLimitLimit,
            windowSeconds: terms.rateLimitWindowSeconds,
            burst: terms.rateLimitBurst,
          }
        : null,
    monthlyQuota: terms.monthlyQuota,
    apiIds: terms.apiIds,
    createdAt: plan.createdAt.toISOString(),
  };
}
