import {
  alertsEvaluateJob,
  mailSendJob,
  mailSendPayloadSchema,
  notificationsQueue,
  queueNames,
  quotaRebuildJob,
  requestLogMaintainJob,
  sessionsPruneJob,
  usageBatchSchema,
  usageDeriveJob,
  usageReconcileJob,
  usageRollupJob,
  webhookDeliverJob,
  webhookDeliverPayloadSchema,
} from '@tollgate/contracts';
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * A usage batch as the worker accepts it: the envelope must be right (else the job fails
 * for good), each event is checked on its own by the job, so one malformed event is
 * dead-lettered while the rest of its batch counts. Producers still build `UsageBatch`.
 */
export const usageBatchEnvelopeSchema = usageBatchSchema.extend({
  batchId: z.string().min(1),
  events: z.array(z.unknown()).min(1),
});

/**
 * Every job the worker runs, in one list: its queue, its payload contract and how it is
 * retried. Producers and the worker read the same entry, so a queue's contract lives in one
 * place. This file imports only contracts and types (no worker code), so it can move to a
 * shared package when a second producer needs it.
 */
export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  /** `<domain>.<action>`; also the BullMQ job name. */
  name: string;
  queue: string;
  /** Checked before the handler runs; a payload that fails it is failed for good, never retried. */
  payload: Payload;
  /** Tries in all, the first included (BullMQ `attempts`). */
  attempts: number;
  /** Delay before retry n is `delayMs * 2^(n-1)` (exponential) or `delayMs` (fixed). */
  backoff: { type: 'exponential' | 'fixed'; delayMs: number };
  /** Jobs of this queue one worker process runs at once. */
  concurrency: number;
  /** Largest number of items (events, for usage) a producer puts in one job. */
  batchSize: number;
  /** Finished jobs kept in Redis for inspection; failed ones longer, they need a human. */
  keepCompleted: { count: number; ageSeconds: number };
  keepFailed: { count: number; ageSeconds: number };
}

function defineJob<Payload extends z.ZodType>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

export const jobCatalog = {
  [usageRollupJob]: defineJob({
    name: usageRollupJob,
    queue: queueNames.usage,
    payload: usageBatchEnvelopeSchema,
    // Usage must not be lost: retry transient Postgres trouble for about an hour in all.
    attempts: 12,
    backoff: { type: 'exponential', delayMs: 1_000 },
    // Many jobs in flight so that the rollup repository can write several batches per
    // transaction (group commit); the Postgres connections it uses stay few.
    concurrency: 16,
    batchSize: 1_000,
    keepCompleted: { count: 1_000, ageSeconds: 3_600 },
    keepFailed: { count: 10_000, ageSeconds: 7 * 24 * 3_600 },
  }),
  [requestLogMaintainJob]: defineJob({
    name: requestLogMaintainJob,
    queue: queueNames.maintenance,
    payload: z.object({}),
    // Idempotent; partitions are also created on demand, so a missed run only delays retention.
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 30_000 },
    concurrency: 1,
    batchSize: 1,
    keepCompleted: { count: 30, ageSeconds: 30 * 24 * 3_600 },
    keepFailed: { count: 100, ageSeconds: 30 * 24 * 3_600 },
  }),
  [quotaRebuildJob]: defineJob({
    name: quotaRebuildJob,
    queue: queueNames.maintenance,
    payload: z.object({}),
    // Idempotent (counters are only ever raised to the rollups' figure); also run at boot and on a Redis restart.
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 10_000 },
    concurrency: 1,
    batchSize: 1,
    keepCompleted: { count: 30, ageSeconds: 24 * 3_600 },
    keepFailed: { count: 100, ageSeconds: 30 * 24 * 3_600 },
  }),
  [usageReconcileJob]: defineJob({
    name: usageReconcileJob,
    queue: queueNames.maintenance,
    payload: z.object({}),
    // Findings are stored once, so a retried run raises nothing twice.
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 30_000 },
    concurrency: 1,
    batchSize: 1,
    keepCompleted: { count: 30, ageSeconds: 7 * 24 * 3_600 },
    keepFailed: { count: 100, ageSeconds: 30 * 24 * 3_600 },
  }),
  [sessionsPruneJob]: defineJob({
    name: sessionsPruneJob,
    queue: queueNames.maintenance,
    payload: z.object({}),
    // Idempotent; a missed run only leaves dead rows a day longer (an expired session never signs anyone in).
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 60_000 },
    concurrency: 1,
    batchSize: 1,
    keepCompleted: { count: 30, ageSeconds: 30 * 24 * 3_600 },
    keepFailed: { count: 100, ageSeconds: 30 * 24 * 3_600 },
  }),
  [usageDeriveJob]: defineJob({
    name: usageDeriveJob,
    queue: queueNames.maintenance,
    payload: z.object({}),
    // Idempotent (derived rows are recomputed, not added to); the next scheduled run also catches up.
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 30_000 },
    concurrency: 1,
    batchSize: 1,
    keepCompleted: { count: 30, ageSeconds: 24 * 3_600 },
    keepFailed: { count: 100, ageSeconds: 30 * 24 * 3_600 },
  }),
  [webhookDeliverJob]: defineJob({
    name: webhookDeliverJob,
    queue: notificationsQueue,
    payload: webhookDeliverPayloadSchema,
    // Retried with backoff for about 8.5 hours (1 min, 2, 4, … 256), then failed; redelivery by hand after that.
    attempts: 10,
    backoff: { type: 'exponential', delayMs: 60_000 },
    concurrency: 16,
    batchSize: 1,
    keepCompleted: { count: 1_000, ageSeconds: 24 * 3_600 },
    keepFailed: { count: 5_000, ageSeconds: 7 * 24 * 3_600 },
  }),
  [mailSendJob]: defineJob({
    name: mailSendJob,
    queue: notificationsQueue,
    payload: mailSendPayloadSchema,
    attempts: 8,
    backoff: { type: 'exponential', delayMs: 30_000 },
    concurrency: 16,
    batchSize: 1,
    keepCompleted: { count: 1_000, ageSeconds: 24 * 3_600 },
    keepFailed: { count: 1_000, ageSeconds: 7 * 24 * 3_600 },
  }),
  [alertsEvaluateJob]: defineJob({
    name: alertsEvaluateJob,
    queue: queueNames.maintenance,
    payload: z.object({}),
    // Idempotent (an alert row fires once); the next minute's run catches up anyway.
    attempts: 3,
    backoff: { type: 'fixed', delayMs: 10_000 },
    concurrency: 1,
    batchSize: 1,
    keepCompleted: { count: 100, ageSeconds: 3_600 },
    keepFailed: { count: 100, ageSeconds: 7 * 24 * 3_600 },
  }),
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<Name extends JobName> = z.output<(typeof jobCatalog)[Name]['payload']>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalog, name);
}

/** The BullMQ options a producer passes to `Queue.add` for this job. */
export function jobOptions(name: JobName, jobId?: string): JobsOptions {
  const definition: JobDefinition = jobCatalog[name];
  return {
    ...(jobId === undefined ? {} : { jobId }),
    attempts: definition.attempts,
    backoff: { type: definition.backoff.type, delay: definition.backoff.delayMs },
    removeOnComplete: { count: definition.keepCompleted.count, age: definition.keepCompleted.ageSeconds },
    removeOnFail: { count: definition.keepFailed.count, age: definition.keepFailed.ageSeconds },
  };
}

/** The catalog grouped by queue: one BullMQ Worker runs each queue. */
export function catalogQueues(): Map<string, { concurrency: number; jobs: JobDefinition[] }> {
  const queues = new Map<string, { concurrency: number; jobs: JobDefinition[] }>();
  for (const definition of Object.values(jobCatalog) as JobDefinition[]) {
    const queue = queues.get(definition.queue) ?? { concurrency: 0, jobs: [] };
    queue.concurrency = Math.max(queue.concurrency, definition.concurrency);
    queue.jobs.push(definition);
    queues.set(definition.queue, queue);
  }
  return queues;
}
