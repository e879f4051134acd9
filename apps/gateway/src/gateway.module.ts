import { type DynamicModule, Module } from '@nestjs/common';
import { bullPrefix, type ConfigSnapshot, queueNames, redisKeys, usageRollupJob } from '@tollgate/contracts';
import { createPrismaClient, type PrismaClient } from '@tollgate/db';
import { secretBoxFromEnv } from '@tollgate/secrets';
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { AuthServices } from './auth/auth-services.js';
import { createAuthServices } from './auth/create-auth-services.js';
import { compileSnapshot } from './config/compiled-snapshot.js';
import { ConfigVersionRepository } from './config/config-version.repository.js';
import { SnapshotFiles } from './config/snapshot-files.js';
import { SnapshotLoader } from './config/snapshot-loader.js';
import { SnapshotStore } from './config/snapshot-store.js';
import { defaultUpstreamPoolOptions, UpstreamPools } from './config/upstream-pools.js';
import { edgeDeps } from './edge/edge-settings.js';
import type { GatewayEnv } from './env.js';
import { GatewayLifecycle } from './gateway-lifecycle.js';
import { defaultDatabaseTimeoutMs, defaultProxyTimeouts, type GatewayOptions } from './gateway-options.js';
import { HealthController } from './health/health.controller.js';
import { AccessLog } from './infra/access-log.js';
import { RedisConnections } from './infra/redis-connections.js';
import { defaultKeyCacheOptions, KeyCache } from './keys/key-cache.js';
import { createLimitDeps } from './limits/limit-deps.js';
import { LimitStoreProvider } from './limits/limit-store.js';
import { AdminServer } from './observability/admin-server.js';
import { GatewayMetrics } from './observability/gateway-metrics.js';
import { gatewayIdOf, Heartbeat } from './observability/heartbeat.js';
import type { PipelineDeps } from './pipeline/pipeline-deps.js';
import { createUpstreamCompiler } from './proxy/compile-upstreams.js';
import { ResponseCache } from './proxy/response-cache.js';
import { HttpsListener } from './tls/https-listener.js';
import { GATEWAY_ENV, GATEWAY_OPTIONS, LOGGER, PIPELINE_DEPS, PRISMA, USAGE_QUEUE } from './tokens.js';
import { defaultUsageBatcherOptions, UsageBatcher } from './usage/usage-batcher.js';
import { usageReport } from './usage/usage-report.js';
import { UsageSpool } from './usage/usage-spool.js';

/**
 * The gateway's parts, wired once at boot. Nothing here runs per request: the hot path
 * gets a plain {@link PipelineDeps} object built from these providers.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static forRoot
export class GatewayModule {
  static forRoot(env: GatewayEnv, logger: Logger, options: GatewayOptions = {}): DynamicModule {
    // Opens the sealed secrets inside snapshots (signing secrets) at compile time, never per request.
    const masterKey = env.MASTER_KEY;
    const snapshotSecrets =
      masterKey === undefined ? null : secretBoxFromEnv({ ...env, MASTER_KEY: masterKey });
    return {
      module: GatewayModule,
      controllers: [HealthController],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        { provide: GATEWAY_OPTIONS, useValue: options },
        { provide: LOGGER, useValue: logger },
        { provide: SnapshotStore, useValue: new SnapshotStore() },
        RedisConnections,
        LimitStoreProvider,
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
          inject: [SnapshotStore, PRISMA, UpstreamPools, AuthServices],
          useFactory: (
            store: SnapshotStore,
            prisma: PrismaClient,
            pools: UpstreamPools,
            auth: AuthServices,
          ) =>
            new SnapshotLoader({
              store,
              source: new ConfigVersionRepository(prisma),
              files: new SnapshotFiles(env.SNAPSHOT_DIR),
              compile: (snapshot: ConfigSnapshot) =>
                compileSnapshot(
                  snapshot,
                  createUpstreamCompiler({
                    pools,
                    allowPrivateSlugs: env.GATEWAY_ALLOW_PRIVATE_UPSTREAMS,
                    logger,
                  }),
                  snapshotSecrets,
                ),
              // Pools and health checks of upstreams no served snapshot names any more are dropped.
              onChange: () => {
                pools.retainForSnapshots(store.all());
                // Open OAuth2 client secrets and start JWKS fetching now, not on a first request.
                auth.prepareAll(store.all().map((compiled) => compiled.auth));
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
          provide: AuthServices,
          inject: [RedisConnections],
          useFactory: (redis: RedisConnections) =>
            createAuthServices(env, (key) => redis.command.get(key), logger, options.auth),
        },
        {
          provide: USAGE_QUEUE,
          useFactory: () => {
            const queue = new Queue(queueNames.usage, {
              // Fail fast while Redis is down (the batch is spooled to disk) instead of queueing in memory.
              connection: { url: env.REDIS_URL, enableOfflineQueue: false },
              prefix: bullPrefix(env.REDIS_PREFIX),
            });
            // Connection errors are reported by the batcher (spooled batches); without a listener BullMQ prints them.
            queue.on('error', (error) => logger.debug({ err: error }, 'usage queue connection error'));
            return queue;
          },
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
              gatewayIdOf(env),
              { ...defaultUsageBatcherOptions, ...options.usage },
              usageReport(logger),
              new UsageSpool({ dir: env.GATEWAY_SPOOL_DIR, maxBytes: env.GATEWAY_SPOOL_MAX_BYTES }),
            ),
        },
        {
          provide: PIPELINE_DEPS,
          inject: [
            SnapshotStore,
            KeyCache,
            UsageBatcher,
            AuthServices,
            GatewayMetrics,
            LimitStoreProvider,
            RedisConnections,
          ],
          useFactory: (
            snapshots: SnapshotStore,
            keys: KeyCache,
            usage: UsageBatcher,
            auth: AuthServices,
            metrics: GatewayMetrics,
            limitStore: LimitStoreProvider,
            redis: RedisConnections,
          ): PipelineDeps => ({
            domainSuffix: `.${env.GATEWAY_DOMAIN.toLowerCase()}`,
            snapshots,
            edge: edgeDeps(env, snapshots),
            keys,
            keyPepper: env.KEY_PEPPER,
            auth,
            limits: createLimitDeps(env, limitStore.store, logger),
            proxy: { ...defaultProxyTimeouts, ...options.proxy },
            responseCache: new ResponseCache(redis.command, env.REDIS_PREFIX),
            usage,
            accessLog: logger,
            accessLines: new AccessLog(logger),
            metrics,
          }),
        },
        { provide: GatewayMetrics, useValue: new GatewayMetrics() },
        AdminServer,
        HttpsListener,
        {
          provide: Heartbeat,
          inject: [RedisConnections, SnapshotStore],
          useFactory: (redis: RedisConnections, store: SnapshotStore) =>
            new Heartbeat(
              redis.command,
              store,
              { prefix: env.REDIS_PREFIX, gatewayId: gatewayIdOf(env), intervalMs: env.GATEWAY_HEARTBEAT_MS },
              logger,
            ),
        },
        GatewayLifecycle,
      ],
    };
  }
}
