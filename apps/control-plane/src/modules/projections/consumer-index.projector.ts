import { Inject, Injectable } from '@nestjs/common';
import { type ConsumerRecord, consumerRecordSchema, redisKeys } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import type { Redis } from 'ioredis';
import { PRISMA, REDIS, REDIS_PREFIX } from '../../infra/tokens.js';

const rebuildPageSize = 500;

const consumerIndexSelect = {
  id: true,
  tenantId: true,
  externalId: true,
  subscriptions: {
    orderBy: { createdAt: 'desc' },
    select: { id: true, planId: true, status: true, planVersion: { select: { version: true } } },
  },
} as const;

interface ConsumerIndexRow {
  id: string;
  tenantId: string;
  externalId: string | null;
  subscriptions: { id: string; planId: string; status: string; planVersion: { version: number } }[];
}

/**
 * Projects consumers that have an external id into the Redis consumer index, keyed by
 * (tenant, external id): how the gateway finds the consumer (and its subscriptions) named
 * by a JWT or OAuth2 token's claim. Rebuildable from Postgres at any time; the gateway
 * caches entries for a few seconds, so changes reach it within that time.
 */
@Injectable()
export class ConsumerIndexProjector {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  /** Call after a consumer or one of its subscriptions changes. */
  async projectConsumer(consumerId: string): Promise<void> {
    const row = await this.prisma.consumer.findUnique({
      where: { id: consumerId },
      select: consumerIndexSelect,
    });
    if (row !== null) await this.write([row]);
  }

  /** Re-projects every consumer with an external id; returns how many. Safe to run while serving. */
  async rebuildConsumerIndex(): Promise<number> {
    let count = 0;
    let afterId: string | null = null;
    for (;;) {
      const page: ConsumerIndexRow[] = await this.prisma.consumer.findMany({
        where: { externalId: { not: null }, ...(afterId === null ? {} : { id: { gt: afterId } }) },
        orderBy: { id: 'asc' },
        take: rebuildPageSize,
        select: consumerIndexSelect,
      });
      if (page.length === 0) return count;
      await this.write(page);
      count += page.length;
      afterId = page[page.length - 1]!.id;
    }
  }

  private async write(rows: ConsumerIndexRow[]): Promise<void> {
    const pipeline = this.redis.multi();
    let writes = 0;
    for (const row of rows) {
      if (row.externalId === null) continue;
      pipeline.set(
        redisKeys.consumerIndex(this.prefix, row.tenantId, row.externalId),
        JSON.stringify(toConsumerRecord(row, row.externalId)),
      );
      writes++;
    }
    if (writes === 0) return;
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results || failed) throw failed?.[0] ?? new Error('consumer index write was aborted');
  }
}

/** Validated here, so a bad row fails in the control plane and not in the gateway. */
function toConsumerRecord(row: ConsumerIndexRow, externalId: string): ConsumerRecord {
  return consumerRecordSchema.parse({
    consumerId: row.id,
    tenantId: row.tenantId,
    externalId,
    subscriptions: row.subscriptions.map((s) => ({
      subscriptionId: s.id,
      planId: s.planId,
      planVersion: s.planVersion.version,
      status: s.status,
    })),
  });
}
