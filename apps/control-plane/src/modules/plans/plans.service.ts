import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type PlanRow, PlansRepository, type PlanTermsRow } from './plans.repository.js';
import type {
  CreatePlanInput,
  OverageTier,
  PlanOutput,
  PlanVersionOutput,
  UpdatePlanInput,
} from './plans.schemas.js';

@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly publisher: SnapshotPublisher,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  /** Creates the plan with its immutable version 1, then publishes the tenant's config. */
  async create(access: TenantAccess, input: CreatePlanInput): Promise<PlanOutput> {
    await this.checkApiIds(access.tenantId, input.apiIds);
    const plan = await this.transactions.run(async () => {
      const created = await this.plans.create({
        id: newId('plan'),
        tenantId: access.tenantId,
        name: input.name,
        visibility: input.visibility,
        version: {
          id: newId('planVersion'),
          version: 1,
          rateLimitLimit: input.rateLimit?.limit ?? null,
          rateLimitWindowSeconds: input.rateLimit?.windowSeconds ?? null,
          rateLimitBurst: input.rateLimit?.burst ?? null,
          monthlyQuota: input.monthlyQuota,
          apiIds: input.apiIds,
          baseFeeCents: input.pricing.baseFeeCents,
          includedCalls: input.pricing.includedCalls,
          overageTiers: input.pricing.overageTiers,
          trialDays: input.trialDays,
        },
      });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'plan.created',
        target: { type: 'plan', id: created.id },
        after: planSummary(created),
      });
      return created;
    });
    await this.publisher.publish(access.tenantId, {
      createdBy: access.userId,
      reason: `plan.created ${plan.id}`,
      actor: access.actor,
    });
    return planOutput(plan);
  }

  /**
   * Changes a plan. New terms become a new immutable version that new subscriptions get;
   * existing subscriptions keep theirs until moved. The config is republished so gateways
   * know the new version (the snapshot keeps every version a live subscription uses).
   */
  async update(access: TenantAccess, planId: string, input: UpdatePlanInput): Promise<PlanOutput> {
    if (input.apiIds) await this.checkApiIds(access.tenantId, input.apiIds);
    const changesTerms =
      input.rateLimit !== undefined ||
      input.monthlyQuota !== undefined ||
      input.apiIds !== undefined ||
      input.pricing !== undefined ||
      input.trialDays !== undefined;
    const changed = await this.transactions.run(async () => {
      const updated = await this.plans.update(access.tenantId, planId, {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.visibility === undefined ? {} : { visibility: input.visibility }),
        ...(changesTerms
          ? {
              terms: (current) => ({
                id: newId('planVersion'),
                version: current.version + 1,
                rateLimitLimit:
                  input.rateLimit === undefined ? current.rateLimitLimit : (input.rateLimit?.limit ?? null),
                rateLimitWindowSeconds:
                  input.rateLimit === undefined
                    ? current.rateLimitWindowSeconds
                    : (input.rateLimit?.windowSeconds ?? null),
                rateLimitBurst:
                  input.rateLimit === undefined ? current.rateLimitBurst : (input.rateLimit?.burst ?? null),
                monthlyQuota: input.monthlyQuota === undefined ? current.monthlyQuota : input.monthlyQuota,
                apiIds: input.apiIds ?? current.apiIds,
                baseFeeCents: input.pricing?.baseFeeCents ?? current.baseFeeCents,
                includedCalls: input.pricing?.includedCalls ?? current.includedCalls,
                overageTiers: input.pricing?.overageTiers ?? overageTiers(current.overageTiers),
                trialDays: input.trialDays ?? current.trialDays,
              }),
            }
          : {}),
      });
      if (!updated) throw new TollgateError('not_found');
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: changesTerms ? 'plan.version_created' : 'plan.updated',
        target: { type: 'plan', id: planId },
        before: planSummary(updated.before),
        after: planSummary(updated.after),
      });
      return updated.after;
    });
    await this.publisher.publish(access.tenantId, {
      createdBy: access.userId,
      reason: changesTerms
        ? `plan.versioned ${changed.id} v${changed.currentVersion}`
        : `plan.updated ${changed.id}`,
      actor: access.actor,
    });
    return planOutput(changed);
  }

  async list(access: TenantAccess): Promise<PlanOutput[]> {
    return (await this.plans.list(access.tenantId)).map(planOutput);
  }

  async versions(access: TenantAccess, planId: string): Promise<PlanVersionOutput[]> {
    const versions = await this.plans.versions(access.tenantId, planId);
    if (!versions) throw new TollgateError('not_found');
    return versions.map(versionOutput);
  }

  private async checkApiIds(tenantId: string, apiIds: string[]): Promise<void> {
    const known = await this.plans.existingApiIds(tenantId, apiIds);
    const unknown = apiIds.flatMap((id, index) =>
      known.has(id) ? [] : [{ path: `apiIds.${index}`, message: 'No such API in this tenant' }],
    );
    if (unknown.length > 0) throw validationFailed(unknown);
  }
}

/** Stored tiers were validated on the way in. */
function overageTiers(json: unknown): OverageTier[] {
  return Array.isArray(json) ? (json as OverageTier[]) : [];
}

export function versionOutput(terms: PlanTermsRow): PlanVersionOutput {
  return {
    version: terms.version,
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
    pricing: {
      currency: terms.currency,
      baseFeeCents: terms.baseFeeCents,
      includedCalls: terms.includedCalls,
      overageTiers: overageTiers(terms.overageTiers),
    },
    trialDays: terms.trialDays,
    createdAt: terms.createdAt.toISOString(),
  };
}

/** The plan as the audit log keeps it: its current terms, without ids and times. */
function planSummary(plan: PlanRow) {
  const { id: _id, createdAt: _createdAt, ...summary } = planOutput(plan);
  return summary;
}

function planOutput(plan: PlanRow): PlanOutput {
  const terms = plan.versions.find((v) => v.version === plan.currentVersion);
  if (!terms) throw new Error(`plan ${plan.id} has no version ${plan.currentVersion}`);
  const { version: _version, createdAt: _createdAt, ...current } = versionOutput(terms);
  return {
    id: plan.id,
    name: plan.name,
    currentVersion: plan.currentVersion,
    visibility: plan.visibility,
    ...current,
    createdAt: plan.createdAt.toISOString(),
  };
}
