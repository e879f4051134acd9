import { Injectable } from '@nestjs/common';
import { validationFailed } from '../../common/validation.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { UsageRepository } from './usage.repository.js';
import type { UsageBucket, UsageQuery } from './usage.schemas.js';
import { bucketCount, floorTo, maxBuckets, toBuckets } from './usage-buckets.js';

const defaultWindowMs = 60 * 60_000;

@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageRepository) {}

  /** Calls and errors per bucket between `from` and `to` (default: the last 60 minutes). */
  async query(access: TenantAccess, query: UsageQuery, now = new Date()): Promise<UsageBucket[]> {
    const to = query.to ? new Date(query.to) : now;
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultWindowMs);
    if (from.getTime() >= to.getTime())
      throw validationFailed([{ path: 'from', message: 'Must be before "to"' }]);
    if (bucketCount(from, to, query.granularity) > maxBuckets) {
      throw validationFailed([{ path: 'granularity', message: `At most ${maxBuckets} buckets per query` }]);
    }
    const start = floorTo(from, query.granularity);
    const rows = await this.usage.callsPerMinute(access.tenantId, query.apiId, start, to);
    return toBuckets(rows, from, to, query.granularity);
  }
}
