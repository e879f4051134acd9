import { Injectable } from '@nestjs/common';
import { Transactions } from '../../audit/transactions.js';
import { SnapshotPublisher } from '../../projections/snapshot-publisher.service.js';
import type { TenantAccess } from '../../tenancy/tenant-access.js';

/**
 * The one way an API, route, target or identity provider changes: the change and its audit
 * event in one transaction, then, once committed, the tenant's config is published (an
 * `auto` release; a config the release checks refuse is kept and not published).
 */
@Injectable()
export class ConfigChanges {
  constructor(
    private readonly transactions: Transactions,
    private readonly publisher: SnapshotPublisher,
  ) {}

  /** `reason` names the change in the release list, e.g. `route.created rte_…`. */
  async apply<T>(access: TenantAccess, reason: string, change: () => Promise<T>): Promise<T> {
    const result = await this.transactions.run(change);
    await this.publisher.publish(access.tenantId, { createdBy: access.userId, reason });
    return result;
  }
}
