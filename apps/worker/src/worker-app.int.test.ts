import { bullPrefix, queueNames, type UsageBatch, usageRollupJob } from '@tollgate/contracts';
import { type PrismaClient } from '@tollgate/db';
import {
  createTestDatabase,
  createTestRedisPrefix,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { type Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from './env.js';
import { jobOptions } from './jobs/job-catalog.js';
import { unrecoverableCodes } from './jobs/job-processor.js';
import { createLogger } from './logger.js';
import { usageBatch, usageEvent } from './testing/usage-batch.factory.js';
import { startWorkerApp, type WorkerApp } from './worker-app.js';

let database: TestDatabase;
let redisPrefix: TestRedisPrefix;
let prisma: PrismaClient;
let app: WorkerApp;
let queue: Queue;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  redisPrefix = createTestRedisPrefix();
  const env = loadEnv({
    DATABASE_URL: database.url,
    REDIS_URL: redisPrefix.redisUrl,
    REDIS_PREFIX: redisPrefix.prefix,
    WORKER_HEALTH_PORT: '0',
  });
  app = await startWorkerApp(env, createLogger('silent'));
  queue = new Queue(queueNames.usage, {
    connection: { url: redisPrefix.redisUrl, maxRetriesPerRequest: null },
    prefix: bullPrefix(redisPrefix.prefix),
  });
});

afterAll(async () => {
  await queue?.close();
  await app?.close();
  await redisPrefix?.cleanup();
  await database?.drop();
});

/** Adds a job the way the gateway does: named `usage.rollup`, jobId = batch id. */
const enqueue = (batch: unknown, jobId: string) =>
  queue.add(usageRollupJob, batch, jobOptions(usageRollupJob, jobId));

async function settled(jobId: string, timeoutMs = 10_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await queue.getJobState(jobId);
    // Read the job after it settled, so its attempts and result are final.
    const job = state === 'completed' || state === 'failed' ? await queue.getJob(jobId) : undefined;
    if (job) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not settle in ${timeoutMs} ms`);
}

describe('worker', () => {
  it('rolls a batch from the queue into the rollups', async () => {
    const tenantId = 'tnt_queue_ok';
    const batch: UsageBatch = usageBatch([usageEvent({ tenantId }), usageEvent({ tenantId, status: 500 })]);

    await enqueue(batch, batch.batchId);
    const job = await settled(batch.batchId);

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ batchId: batch.batchId, events: 2, rows: 2, duplicate: false });
    const rows = await prisma.usageRollup.findMany({ where: { tenantId }, orderBy: { statusClass: 'asc' } });
    expect(rows.map((row) => [row.statusClass, row.calls])).toEqual([
      [2, 1],
      [5, 1],
    ]);
  });

  it('counts a batch redelivered under a new job once', async () => {
    const tenantId = 'tnt_queue_redelivered';
    const batch = usageBatch([usageEvent({ tenantId })]);

    await enqueue(batch, batch.batchId);
    await settled(batch.batchId);
    // A gateway replaying its disk spool after the first job was removed from Redis.
    await enqueue(batch, `${batch.batchId}-replay`);
    const replay = await settled(`${batch.batchId}-replay`);

    expect(replay.returnvalue).toMatchObject({ duplicate: true });
    const rows = await prisma.usageRollup.findMany({ where: { tenantId } });
    expect(rows.map((row) => row.calls)).toEqual([1]);
  });

  it('fails a batch with a malformed envelope at once, without retries', async () => {
    const jobId = 'bat_malformed';
    await enqueue({ gatewayId: 'gw_test', events: [{ id: 'evt_1' }] }, jobId);

    const job = await settled(jobId);

    expect(await job.getState()).toBe('failed');
    expect(job.opts.attempts).toBeGreaterThan(1);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason.startsWith(`${unrecoverableCodes.malformedPayload}:`)).toBe(true);
    expect(await prisma.processedBatch.count({ where: { batchId: jobId } })).toBe(0);
  });

  it('dead-letters a malformed event of a batch and rolls up the rest', async () => {
    const tenantId = 'tnt_queue_dead_letter';
    const jobId = 'bat_one_bad_event';
    await enqueue(
      { batchId: jobId, gatewayId: 'gw_test', events: [usageEvent({ tenantId }), { id: 'evt_bad' }] },
      jobId,
    );

    const job = await settled(jobId);

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ events: 2, deadLettered: 1, duplicate: false });
    expect(await prisma.usageDeadLetter.findMany({ where: { batchId: jobId } })).toMatchObject([
      { position: 1, eventId: 'evt_bad', reason: 'invalid_event' },
    ]);
    expect((await prisma.usageRollup.findMany({ where: { tenantId } })).map((row) => row.calls)).toEqual([1]);
    const metrics = await (await fetch(`http://127.0.0.1:${app.healthPort}/metrics`)).text();
    expect(metrics).toMatch(/^tollgate_worker_usage_dead_lettered_events_total [1-9]/m);
  });

  it('reports queue depth and failed jobs on /metrics (after the malformed batch above failed for good)', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${app.healthPort}/metrics`)).text();
    expect(metrics).toMatch(/^tollgate_worker_queue_jobs\{queue="usage",state="failed"\} [1-9]/m);
    expect(metrics).toMatch(/^tollgate_worker_queue_jobs\{queue="maintenance",state="delayed"\} \d+$/m);
    expect(metrics).toMatch(
      /^tollgate_worker_job_failures_total\{queue="usage",job="usage.rollup",outcome="final"\} [1-9]/m,
    );
  });

  it('creates the request log partitions for today and the next days at boot', async () => {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'request_log'`;
    expect(row?.n).toBeGreaterThanOrEqual(3);
  });

  it('fails a job name missing from the catalog without retries', async () => {
    await queue.add('usage.unknown', {}, { jobId: 'job_unknown', attempts: 5 });

    const job = await settled('job_unknown');

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason.startsWith(`${unrecoverableCodes.unknownJob}:`)).toBe(true);
  });

  it('answers GET /healthz with 200 ok and other paths with a not_found problem', async () => {
    const health = await fetch(`http://127.0.0.1:${app.healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const other = await fetch(`http://127.0.0.1:${app.healthPort}/jobs`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(await other.json()).toMatchObject({ code: 'not_found' });
  });
});
