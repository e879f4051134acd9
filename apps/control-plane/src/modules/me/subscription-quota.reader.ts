import { Inject, Injectable } from '@nestjs/common';
import { quotaPeriodAt, redisKeys } from '@tollgate/contracts';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_PREFIX } from '../../infra/tokens.js';
import type { QuotaOutput } from './me.schemas.js';

/**
 * A subscription's quota use in its current period, read from the gateways' own counter (the
 * number they admit or refuse by), in the period they count it in (`quotaPeriodAt`).
 */
@Injectable()
export class SubscriptionQuotaReader {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  async read(
    subscription: { id: string; currentPeriodStart: Date; currentPeriodEnd: Date },
    limit: number,
    now = new Date(),
  ): Promise<QuotaOutput> {
    const period = quotaPeriodAt(
      { start: subscription.currentPeriodStart.getTime(), end: subscription.currentPeriodEnd.getTime() },
      now.getTime(),
    );
    const used = await this.redis.get(redisKeys.quota(this.prefix, subscription.id, period.start));
    return {
      limit,
      used: Number(used ?? 0),
      periodStart: new Date(period.start * 1000).toISOString(),
      periodEnd: new Date(period.end * 1000).toISOString(),
    };
  }
}
