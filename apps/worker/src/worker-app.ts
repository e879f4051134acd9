import {
  bullPrefix,
  queueNames,
  quotaRebuildJob,
  requestLogMaintainJob,
  sessionsPruneJob,
  usageDeriveJob,
  usageReconcileJob,
  usageRollupJob,
} from '@tollgate/contracts';
import { createPrismaClient, type PrismaClient } from '@tollgate/db';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createNotifications } from './alerts/notifications.wiring.js';
import type { WorkerEnv } from './env.js';
import { type HealthServer, startHealthServer } from './health/health.server.js';
import { catalogQueues, jobOptions } from './jobs/job-catalog.js';
import { createJobProcessor, type JobHandlers } from './jobs/job-processor.js';
import { createQuotaRebuildJob } from './jobs/quota-rebuild.job.js';
import { createRequestLogMaintainJob } from './jobs/request-log-maintain.job.js';
import { createSessionsPruneJob } from './jobs/sessions-prune.job.js';
import { createUsageDeriveJob, usageDeriveEveryMs } from './jobs/usage-derive.job.js';
import { createUsageReconcileJob } from './jobs/usage-reconcile.job.js';
import { createUsageRollupJob } from './jobs/usage-rollup.job.js';
import type { Logger } from './logger.js';
import { QueueMetrics } from './metrics/queue-metrics.js';
import { createCounters, renderCounters, type WorkerCounters } from './metrics/worker-counters.js';
import { QuotaCounters } from './quota/quota-counters.js';
import { QuotaPeriodsRepository } from './quota/quota-periods.repository.js';
import { ReconciliationFindings } from './quota/reconciliation-findings.repository.js';
import { watchRedisRestarts } from './quota/redis-restart.watch.js';
import { assertNoEviction } from './redis/eviction-policy.check.js';
import { RequestLogPartitions } from './request-log/request-log-partitions.repository.js';
import { ExpiredSessions } from './sessions/expired-sessions.repository.js';
import { UsageDerivationRepository } from './usage/usage-derive.repository.js';
import { createRollupPool, UsageRollupRepository } from './usage/usage-rollup.repository.js';

export interface WorkerApp {
  healthPort: number;
  workers: Worker[];
  counters: WorkerCounters;
  /** Stops taking jobs, lets the running ones finish, then closes every connection. */
  close(): Promise<void>;
}

/** Boots the worker: Redis check, Postgres client, one BullMQ Worker per catalog queue, health endpoint. */
export async function startWorkerApp(env: WorkerEnv, logger: Logger): Promise<WorkerApp> {
  await checkRedis(env.REDIS_URL);

  const prisma: PrismaClient = createPrismaClient(env.DATABASE_URL);
  const rollupPool = createRollupPool(env.DATABASE_URL);
  // An idle connection dropped by Postgres is replaced; without a listener it would end the process.
  rollupPool.on('error', (error) => logger.warn({ err: error }, 'idle rollup connection closed'));
  const counters = createCounters();
  const partitions = new RequestLogPartitions(prisma);
  const maintainRequestLog = createRequestLogMaintainJob({
    partitions,
    retentionDays: env.REQUEST_LOG_RETENTION_DAYS,
    counters,
  });
  // One plain client for the quota counters (BullMQ keeps its own connections).
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  const quotaPeriods = new QuotaPeriodsRepository(prisma);
  const quotaCounters = new QuotaCounters(redis, env.REDIS_PREFIX);
  const rebuildQuota = createQuotaRebuildJob({
    periods: quotaPeriods,
    counters: quotaCounters,
    metrics: counters,
  });
  const derivation = new UsageDerivationRepository(prisma);
  // Webhook deliveries, mail and usage alerts; `notifications.events.emitEvent` raises an event.
  const notifications = createNotifications(env, prisma, logger);
  const handlers: JobHandlers = {
    ...notifications.handlers,
    [usageRollupJob]: createUsageRollupJob({
      derivation,
      repository: new UsageRollupRepository(rollupPool),
      partitions: env.REQUEST_LOG_ENABLED ? partitions : null,
      graceMs: env.USAGE_LATE_GRACE_SECONDS * 1_000,
      retentionDays: env.REQUEST_LOG_RETENTION_DAYS,
      counters,
    }),
    [requestLogMaintainJob]: maintainRequestLog,
    [sessionsPruneJob]: createSessionsPruneJob({ sessions: new ExpiredSessions(prisma) }),
    [usageDeriveJob]: createUsageDeriveJob({ repository: derivation }),
    [quotaRebuildJob]: rebuildQuota,
    [usageReconcileJob]: createUsageReconcileJob({
      periods: quotaPeriods,
      counters: quotaCounters,
      findings: new ReconciliationFindings(prisma, notifications.events),
      graceMs: env.USAGE_LATE_GRACE_SECONDS * 1_000,
      metrics: counters,
    }),
  };

  const connection = { url: env.REDIS_URL, maxRetriesPerRequest: null };
  const queues = [...catalogQueues().keys()].map(
    (name) => new Queue(name, { connection, prefix: bullPrefix(env.REDIS_PREFIX) }),
  );
  const queueMetrics = new QueueMetrics(queues);
  const workers = [...catalogQueues()].map(([queue, { concurrency }]) => {
    const worker = new Worker(queue, createJobProcessor(queue, handlers, logger), {
      connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
      prefix: bullPrefix(env.REDIS_PREFIX),
      concurrency,
    });
    worker.on('failed', (job, error) => {
      // The processor already logged why an unrecoverable job failed; this line says what happens next.
      const willRetry =
        !(error instanceof UnrecoverableError) &&
        job !== undefined &&
        job.attemptsMade < (job.opts.attempts ?? 1);
      queueMetrics.recordFailure(queue, job?.name ?? 'unknown', !willRetry);
      logger[willRetry ? 'warn' : 'error'](
        { queue, jobId: job?.id, jobName: job?.name, attemptsMade: job?.attemptsMade, err: error },
        willRetry ? 'job failed; will retry' : 'job failed for good',
      );
    });
    worker.on('error', (error) => logger.error({ queue, err: error }, 'worker error'));
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));

  // The daily partition job, scheduled once for all workers (upsert is idempotent), plus a
  // run now so a fresh deployment has today's partitions; batches also create them on demand.
  const maintenanceQueue = queues.find((queue) => queue.name === queueNames.maintenance)!;
  await notifications.schedule(maintenanceQueue);
  notifications.watchRollups(workers, maintenanceQueue);
  await maintenanceQueue.upsertJobScheduler(
    requestLogMaintainJob,
    { pattern: '5 0 * * *', tz: 'UTC' },
    { name: requestLogMaintainJob, data: {}, opts: jobOptions(requestLogMaintainJob) },
  );
  await maintenanceQueue.upsertJobScheduler(
    sessionsPruneJob,
    { pattern: '20 3 * * *', tz: 'UTC' },
    { name: sessionsPruneJob, data: {}, opts: jobOptions(sessionsPruneJob) },
  );
  await maintainRequestLog({}, { jobId: 'boot', attempt: 1, logger }).catch((error: unknown) =>
    logger.warn({ err: error }, 'request log maintenance at boot failed; partitions are created on demand'),
  );
  await maintenanceQueue.upsertJobScheduler(
    quotaRebuildJob,
    { every: 10 * 60_000 },
    { name: quotaRebuildJob, data: {}, opts: jobOptions(quotaRebuildJob) },
  );
  await maintenanceQueue.upsertJobScheduler(
    usageDeriveJob,
    { every: usageDeriveEveryMs },
    { name: usageDeriveJob, data: {}, opts: jobOptions(usageDeriveJob) },
  );
  await maintenanceQueue.upsertJobScheduler(
    usageReconcileJob,
    { every: 15 * 60_000 },
    { name: usageReconcileJob, data: {}, opts: jobOptions(usageReconcileJob) },
  );
  // At boot and whenever Redis comes back with a new run id, quota counters are restored at once.
  const restoreQuota = () => rebuildQuota({}, { jobId: 'redis-restart', attempt: 1, logger }).then(() => {});
  await restoreQuota().catch((error: unknown) =>
    logger.warn({ err: error }, 'quota rebuild at boot failed; the scheduled run retries'),
  );
  const stopWatchingRedis = watchRedisRestarts(redis, restoreQuota, {
    intervalMs: 5_000,
    onError: (error) => logger.warn({ err: error }, 'quota rebuild after a Redis restart failed; retrying'),
  });

  let health: HealthServer;
  try {
    health = await startHealthServer({
      host: env.WORKER_HOST,
      port: env.WORKER_HEALTH_PORT,
      metrics: async () => renderCounters(counters) + (await queueMetrics.render()),
    });
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.close()));
    stopWatchingRedis();
    await Promise.all(queues.map((queue) => queue.close()));
    await notifications.close();
    redis.disconnect();
    await Promise.all([prisma.$disconnect(), rollupPool.end()]);
    throw error;
  }
  logger.info({ queues: [...catalogQueues().keys()], healthPort: health.port }, 'worker started');

  return {
    healthPort: health.port,
    workers,
    counters,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      stopWatchingRedis();
      await Promise.all(queues.map((queue) => queue.close()));
      await notifications.close();
      await health.close();
      await redis.quit();
      await Promise.all([prisma.$disconnect(), rollupPool.end()]);
    },
  };
}

/** Fails fast (no endless reconnects) when Redis is unreachable or may evict keys. */
async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await assertNoEviction(redis);
  } finally {
    redis.disconnect();
  }
}
