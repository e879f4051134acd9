import { bullPrefix, queueNames, requestLogMaintainJob, usageRollupJob } from '@tollgate/contracts';
import { createPrismaClient, type PrismaClient } from '@tollgate/db';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { WorkerEnv } from './env.js';
import { type HealthServer, startHealthServer } from './health/health.server.js';
import { catalogQueues, jobOptions } from './jobs/job-catalog.js';
import { createJobProcessor, type JobHandlers } from './jobs/job-processor.js';
import { createRequestLogMaintainJob } from './jobs/request-log-maintain.job.js';
import { createUsageRollupJob } from './jobs/usage-rollup.job.js';
import type { Logger } from './logger.js';
import { createCounters, renderCounters, type WorkerCounters } from './metrics/worker-counters.js';
import { assertNoEviction } from './redis/eviction-policy.check.js';
import { RequestLogPartitions } from './request-log/request-log-partitions.repository.js';
import { UsageRollupRepository } from './usage/usage-rollup.repository.js';

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
  const counters = createCounters();
  const partitions = new RequestLogPartitions(prisma);
  const maintainRequestLog = createRequestLogMaintainJob({
    partitions,
    retentionDays: env.REQUEST_LOG_RETENTION_DAYS,
    counters,
  });
  const handlers: JobHandlers = {
    [usageRollupJob]: createUsageRollupJob({
      repository: new UsageRollupRepository(prisma),
      partitions: env.REQUEST_LOG_ENABLED ? partitions : null,
      graceMs: env.USAGE_LATE_GRACE_SECONDS * 1_000,
      retentionDays: env.REQUEST_LOG_RETENTION_DAYS,
      counters,
    }),
    [requestLogMaintainJob]: maintainRequestLog,
  };

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
  const maintenanceQueue = new Queue(queueNames.maintenance, {
    connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
    prefix: bullPrefix(env.REDIS_PREFIX),
  });
  await maintenanceQueue.upsertJobScheduler(
    requestLogMaintainJob,
    { pattern: '5 0 * * *', tz: 'UTC' },
    { name: requestLogMaintainJob, data: {}, opts: jobOptions(requestLogMaintainJob) },
  );
  await maintainRequestLog({}, { jobId: 'boot', attempt: 1, logger }).catch((error: unknown) =>
    logger.warn({ err: error }, 'request log maintenance at boot failed; partitions are created on demand'),
  );

  let health: HealthServer;
  try {
    health = await startHealthServer({
      host: env.WORKER_HOST,
      port: env.WORKER_HEALTH_PORT,
      metrics: () => renderCounters(counters),
    });
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.close()));
    await maintenanceQueue.close();
    await prisma.$disconnect();
    throw error;
  }
  logger.info({ queues: [...catalogQueues().keys()], healthPort: health.port }, 'worker started');

  return {
    healthPort: health.port,
    workers,
    counters,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await maintenanceQueue.close();
      await health.close();
      await prisma.$disconnect();
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
