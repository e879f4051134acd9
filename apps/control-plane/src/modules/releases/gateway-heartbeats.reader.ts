import { Inject, Injectable } from '@nestjs/common';
import { redisKeys } from '@tollgate/contracts';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_PREFIX } from '../../infra/tokens.js';
import type { GatewayServing } from './releases.schemas.js';

/**
 * Reads the gateways' heartbeats (written by `apps/gateway/src/observability/heartbeat.ts`):
 * a sorted set of gateway ids by time, and one hash per gateway with a TTL holding `at` and
 * `tenant:<id>` = version. A gateway whose hash has expired is gone and is left out.
 */
@Injectable()
export class GatewayHeartbeatsReader {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  async forTenant(tenantId: string): Promise<GatewayServing[]> {
    const ids = await this.redis.zrange(redisKeys.gatewayHeartbeats(this.prefix), 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids)
      pipeline.hmget(redisKeys.gatewayHeartbeat(this.prefix, id), 'at', `tenant:${tenantId}`);
    const results = (await pipeline.exec()) ?? [];
    const serving: GatewayServing[] = [];
    for (const [index, gatewayId] of ids.entries()) {
      const [error, fields] = results[index] ?? [null, null];
      if (error) throw error;
      const [at, version] = (fields as [string | null, string | null] | null) ?? [null, null];
      if (at === null) continue;
      serving.push({
        gatewayId,
        version: version === null ? null : Number(version),
        seenAt: new Date(Number(at)).toISOString(),
      });
    }
    return serving.sort((a, b) => (a.gatewayId < b.gatewayId ? -1 : a.gatewayId > b.gatewayId ? 1 : 0));
  }
}
