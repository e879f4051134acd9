import { Injectable } from '@nestjs/common';
import { versionOutput } from '../plans/plans.service.js';
import type { PortalPlanOutput } from './consumer-accounts.schemas.js';
import { ConsumerAccountsService } from './consumer-accounts.service.js';
import { PortalPlansRepository } from './portal-plans.repository.js';

/** The plans a developer may choose on a tenant's portal; no session needed, private plans never listed. */
@Injectable()
export class PortalPlansService {
  constructor(
    private readonly accounts: ConsumerAccountsService,
    private readonly plans: PortalPlansRepository,
  ) {}

  /** The public, unarchived plans of the portal at `slug` with their current terms; 404 for an unknown slug. */
  async list(slug: string): Promise<PortalPlanOutput[]> {
    const tenant = await this.accounts.portalTenant(slug);
    const plans = await this.plans.publicPlans(tenant.id);
    const apis = await this.plans.apis(tenant.id, [...new Set(plans.flatMap((p) => p.terms.apiIds))]);
    return plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      terms: versionOutput(plan.terms),
      apis: apis.filter((api) => plan.terms.apiIds.includes(api.id)),
    }));
  }
}
