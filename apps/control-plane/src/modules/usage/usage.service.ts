import { Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { type UsageFilters, UsageRepository } from './usage.repository.js';
import type { UsageQuery, UsageResult, UsageScope } from './usage.schemas.js';
import {
  bucketStarts,
  coarsestSource,
  defaultWindowMs,
  emptyBucket,
  floorTo,
  maxBuckets,
  toBucket,
} from './usage-buckets.js';
import { minuteMs, planSources } from './usage-plan.js';

/** Most rows (bucket × group) one answer may hold; a larger question must narrow its range or groups. */
const maxResultRows = 50_000;

@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageRepository) {}

  /**
   * Usage per bucket (and group) between `from` and `to`, from the rollups. `scope.consumerId`
   * (the consumer-facing `/v1/me/usage`) restricts everything to that consumer's keys; naming
   * another consumer or a key that is not theirs is a 404, as for an object of another tenant.
   */
  async query(scope: UsageScope, query: UsageQuery, now = new Date()): Promise<UsageResult> {
    const { granularity } = query;
    const groupBy = query.groupBy ?? [];
    const toMs = query.to ? Date.parse(query.to) : now.getTime();
    const requestedFromMs = query.from ? Date.parse(query.from) : toMs - defaultWindowMs[granularity];
    if (requestedFromMs >= toMs) throw validationFailed([{ path: 'from', message: 'Must be before "to"' }]);
    const fromMs = floorTo(requestedFromMs, granularity);
    const starts = bucketStarts(fromMs, toMs, granularity, maxBuckets[granularity]);
    if (starts.length > maxBuckets[granularity]) {
      throw validationFailed([
        {
          path: 'from',
          message: `At most ${maxBuckets[granularity]} ${granularity} buckets per query; narrow the range or use a coarser granularity`,
        },
      ]);
    }

    const filters: UsageFilters = {
      ...(query.apiId === undefined ? {} : { apiId: query.apiId }),
      ...(query.routeId === undefined ? {} : { routeId: query.routeId }),
      ...(query.statusClass === undefined ? {} : { statusClass: Number(query.statusClass[0]) }),
    };
    const keyIds = await this.keyScope(scope, query);
    if (keyIds !== undefined) filters.keyIds = keyIds;

    // Minute rows count up to the minute that holds `to`.
    const dataToMs = Math.ceil(toMs / minuteMs) * minuteMs;
    const view = await this.usage.derivationView(scope.tenantId, fromMs, dataToMs);
    const segments = planSources({
      fromMs,
      toMs: dataToMs,
      coarsest: coarsestSource[granularity],
      watermarkMs: view.watermarkMs,
      dirtyHours: new Set(view.dirtyHours),
    });
    const rows = await this.usage.query({
      tenantId: scope.tenantId,
      segments,
      granularity,
      groupBy,
      filters,
      limit: maxResultRows,
    });
    if (rows.length > maxResultRows) {
      throw validationFailed([
        {
          path: 'groupBy',
          message: `More than ${maxResultRows} rows; narrow the range, the filters or the groups`,
        },
      ]);
    }

    let data = rows.map((row) => toBucket(row, groupBy));
    if (groupBy.length === 0) {
      // Ungrouped: one bucket per step, empty ones included, so a chart has no gaps.
      const byStart = new Map(data.map((bucket) => [bucket.start, bucket]));
      data = starts.map((start) => byStart.get(new Date(start).toISOString()) ?? emptyBucket(start));
    }
    return {
      granularity,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      groupBy,
      data,
    };
  }

  /**
   * The keys the answer may cover: undefined for the whole tenant, else a list (possibly
   * empty) from the consumer scope, the `consumerId` filter and the `keyId` filter combined.
   */
  private async keyScope(scope: UsageScope, query: UsageQuery): Promise<string[] | undefined> {
    let keys: string[] | undefined;
    if (scope.consumerId !== undefined) {
      if (query.consumerId !== undefined && query.consumerId !== scope.consumerId) {
        throw new TollgateError('not_found', 'No such consumer');
      }
      keys = await this.usage.consumerKeyIds(scope.tenantId, scope.consumerId);
    } else if (query.consumerId !== undefined) {
      if (!(await this.usage.consumerExists(scope.tenantId, query.consumerId))) {
        throw new TollgateError('not_found', 'No such consumer');
      }
      keys = await this.usage.consumerKeyIds(scope.tenantId, query.consumerId);
    }
    if (query.keyId === undefined) return keys;
    if (keys !== undefined && !keys.includes(query.keyId))
      throw new TollgateError('not_found', 'No such key');
    return [query.keyId];
  }
}
