import { Injectable } from '@nestjs/common';
import { Transactions } from '../audit/transactions.js';
import { type PlanTermsRow, termsFields } from '../plans/plans.repository.js';

/** A public plan with its current version's terms. */
export interface PublicPlanRow {
  id: string;
  name: string;
  terms: PlanTermsRow;
}

export interface PlanApiRow {
  id: string;
  name: string;
  basePath: string;
}

/** What a tenant's developer portal shows anyone: its public, unarchived plans and the APIs they cover. */
@Injectable()
export class PortalPlansRepository {
  constructor(private readonly transactions: Transactions) {}

  /** Oldest first, as the provider created them. */
  async publicPlans(tenantId: string): Promise<PublicPlanRow[]> {
    const plans = await this.transactions.client.plan.findMany({
      where: { tenantId, visibility: 'public', archivedAt: null },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        name: true,
        // The newest version is the current one (versions only grow).
        versions: { select: termsFields, orderBy: { version: 'desc' }, take: 1 },
      },
    });
    return plans.flatMap(({ id, name, versions: [terms] }) => (terms ? [{ id, name, terms }] : []));
  }

  /** The tenant's APIs among `apiIds` (an id of a deleted API is left out). */
  apis(tenantId: string, apiIds: string[]): Promise<PlanApiRow[]> {
    return this.transactions.client.api.findMany({
      where: { tenantId, id: { in: apiIds } },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, basePath: true },
    });
  }
}
