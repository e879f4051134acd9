import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { keyInvalidatedNoticeSchema, redisChannels } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { SnapshotLoader } from './config/snapshot-loader.js';
import { UpstreamPools } from './config/upstream-pools.js';
import type { GatewayEnv } from './env.js';
import { RedisConnections } from './infra/redis-connections.js';
import { KeyCache } from './keys/key-cache.js';
import { Heartbeat } from './observability/heartbeat.js';
import { GATEWAY_ENV, LOGGER, PRISMA, USAGE_QUEUE } from './tokens.js';
import { UsageBatcher } from './usage/usage-batcher.js';

/**
 * Boot and shutdown, in one place so the order is explicit. Boot: subscribe to the
 * notices first (so none is missed), then load the snapshots, then start metering.
 * Shutdown runs after the HTTP server has drained, so the events of the last requests
 * are in the batch that is flushed, before the connections it needs are closed.
 */
@Injectable()
export class GatewayLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(USAGE_QUEUE) private readonly queue: Queue,
    private readonly redis: RedisConnections,
    private readonly loader: SnapshotLoader,
    private readonly keys: KeyCache,
    private readonly usage: UsageBatcher,
    private readonly pools: UpstreamPools,
    private readonly heartbeat: Heartbeat,
  ) {}

  async onModuleInit(): Promise<void> {
    const prefix = this.env.REDIS_PREFIX;
    await this.redis.subscribe(redisChannels.keyInvalidated(prefix), (message) =>
      this.onKeyInvalidated(message),
    );
    await this.redis.subscribe(
      redisChannels.configPublished(prefix),
      (message) => void this.loader.onPublished(message),
    );
    this.redis.onResubscribed(() => {
      // Invalidations and publishes sent while we were away are lost: start over from the sources.
      this.keys.clear();
      void this.loader.refresh();
    });
    await this.loader.loadAtBoot();
    this.usage.start();
    this.heartbeat.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.heartbeat.stop();
    await this.usage.stop();
    await this.queue
      .close()
      .catch((error: unknown) => this.logger.error({ err: error }, 'usage queue close failed'));
    await this.redis.close();
    await this.pools.closeAll();
    await this.prisma.$disconnect().catch(() => {});
    this.logger.info('gateway stopped');
  }

  private onKeyInvalidated(message: string): void {
    try {
      this.keys.invalidate(keyInvalidatedNoticeSchema.parse(JSON.parse(message)).keyHash);
    } catch (error) {
      this.logger.error({ err: error }, 'key invalidation notice not understood; key cache cleared');
      this.keys.clear();
    }
  }
}
