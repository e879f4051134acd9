import { hostname } from 'node:os';
import { type DynamicModule, Module } from '@nestjs/common';
import { bullPrefix, type ConfigSnapshot, queueNames, redisKeys, usageRollupJob } from '@tollgate/contracts';
import { createPrismaClient, type PrismaClient } from '@tollgate/db';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { compileSnapshot, snapshotOrigins } from './config/compiled-snapshot.js';
import { ConfigVersionRepository } from './config/config-version.repository.js';
import { SnapshotFiles } from './config/snapshot-files.js';
import { SnapshotLoader } from './config/snapshot-loader.js';
import { SnapshotStore } from './config/snapshot-store.js';
import { defaultUpstreamPoolOptions, UpstreamPools } from './config/upstream-pools.js';
import type { GatewayEnv } from './env.js';
import { GatewayLifecycle } from './gateway-lifecycle.js';
import { defaultDatabaseTimeoutMs, defaultProxyTimeouts, type GatewayOptions } from './gateway-options.js';
import { HealthController } from './health/health.controller.js';
import { RedisConnections } from './infra/redis-connections.js';
import { defaultKeyCacheOptions, KeyCache } from './keys/key-cache.js';
import type { PipelineDeps } from './pipeline/pipeline-deps.js';
import { GATEWAY_ENV, GATEWAY_OPTIONS, LOGGER, PIPELINE_DEPS, PRISMA, USAGE_QUEUE } from './tokens.js';
import { defaultUsageBatcherOptions, UsageBatcher } from './usage/usage-batcher.js';

/**
 * The gateway's parts, wired once at boot. Nothing here runs per request: the hot path
 * gets a plain {@link PipelineDeps} object built from these providers.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static forRoot
export class GatewayModule {
  static forRoot(env: GatewayEnv, logger: Logger, options: GatewayOptions = {}): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [HealthController],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        { provide: GATEWAY_OPTIONS, useValue: options },
        { provide: LOGGER, useValue: logger },
        { provide: SnapshotStore, useValue: new SnapshotStore() },
        RedisConnections,
        {
          provide: PRISMA,
          // Two connections are plenty: Postgres is read at boot and on publish notices only.
          useFactory: () => createPrismaClient(env.DATABASE_URL, { maxConnections: 2 }),
        },
        {
          provide: UpstreamPools,
          useFactory: () => new UpstreamPools({ ...defaultUpstreamPoolOptions, ...options.upstreamPools }),
        },
        {
          provide: SnapshotLoader,
          inject: [SnapshotStore, PRISMA, UpstreamPools],
          useFactory: (store: SnapshotStore, prisma: PrismaClient, pools: UpstreamPools) =>
            new SnapshotLoader({
              store,
              source: new ConfigVersionRepository(prisma),
              files: new SnapshotFiles(env.SNAPSHOT_DIR),
              compile: (snapshot: ConfigSnapshot) => compileSnapshot(snapshot, (origin) => pools.get(origin)),
              onChange: () => {
                const inUse = new Set<string>();
                for (const compiled of store.all())
                  for (const origin of snapshotOrigins(compiled.snapshot)) inUse.add(origin);
                pools.retainOnly(inUse);
              },
              logger,
              databaseTimeoutMs: options.databaseTimeoutMs ?? defaultDatabaseTimeoutMs,
            }),
        },
        {
          provide: KeyCache,
          inject: [RedisConnections],
          useFactory: (redis: RedisConnections) =>
            new KeyCache(
              (keyHash) => redis.command.get(redisKeys.keyIndex(env.REDIS_PREFIX, keyHash)),
              { ...defaultKeyCacheOptions, ...options.keyCache },
              (keyHash, error) => logger.error({ err: error, keyHash }, 'unreadable key index entry'),
            ),
        },
        {
          provide: USAGE_QUEUE,
          useFactory: () =>
            new Queue(queueNames.usage, {
              connection: { url: env.REDIS_URL },
              prefix: bullPrefix(env.REDIS_PREFIX),
            }),
        },
        {
          provide: UsageBatcher,
          inject: [USAGE_QUEUE],
          useFactory: (queue: Queue) =>
            new UsageBatcher(
              async (batch) => {
                // jobId = batchId: a batch added twice is one job; the worker also records batch ids.
                await queue.add(usageRollupJob, batch, {
                  jobId: batch.batchId,
                  attempts: 10,
                  backoff: { type: 'exponential', delay: 1_000 },
                  removeOnComplete: { count: 1_000 },
                  removeOnFail: false,
                });
              },
              env.GATEWAY_ID ?? `${hostname()}:${process.pid}`,
              { ...defaultUsageBatcherOptions, ...options.usage },
              (error, batch, droppedEvents) =>
                logger.error(
                  { err: error, batchId: batch.batchId, events: batch.events.length, droppedEvents },
                  'usage batch not queued; kept for a retry',
                ),
            ),
        },
        {
          provide: PIPELINE_DEPS,
          inject: [SnapshotStore, KeyCache, UsageBatcher],
          useFactory: (snapshots: SnapshotStore, keys: KeyCache, usage: UsageBatcher): PipelineDeps => ({
            domainSuffix: `.${env.GATEWAY_DOMAIN.toLowerCase()}`,
            snapshots,
            keys,
            keyPepper: env.KEY_PEPPER,
            proxy: { ...defaultProxyTimeouts, ...options.proxy },
            usage,
            accessLog: logger,
          }),
        },
        GatewayLifecycle,
      ],
    };
  }
}
