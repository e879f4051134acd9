import { type Job, type Processor, UnrecoverableError } from 'bullmq';
import type { Logger } from '../logger.js';
import { isJobName, type JobDefinition, type JobName, type JobPayload, jobCatalog } from './job-catalog.js';

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  logger: Logger;
}

export type JobHandler<Name extends JobName> = (
  payload: JobPayload<Name>,
  context: JobContext,
) => Promise<unknown>;
export type JobHandlers = { [Name in JobName]: JobHandler<Name> };

/** Why a job was failed for good; the prefix of BullMQ's `failedReason`, stable for tests and alerts. */
export const unrecoverableCodes = {
  unknownJob: 'unknown_job',
  malformedPayload: 'malformed_payload',
} as const;

/**
 * The one BullMQ processor of a queue: finds the job in the catalog, checks its payload
 * against the catalog's schema and hands the parsed payload to the job's handler. A job
 * that can never succeed (unknown name, malformed payload) is failed at once with
 * `UnrecoverableError`, so it neither poisons the queue nor burns its retries.
 */
export function createJobProcessor(queue: string, handlers: JobHandlers, logger: Logger): Processor {
  return async (job: Job) => {
    const jobLogger = logger.child({ queue, jobId: job.id, jobName: job.name });
    const definition: JobDefinition | undefined = isJobName(job.name) ? jobCatalog[job.name] : undefined;
    if (definition === undefined || definition.queue !== queue) {
      jobLogger.error('job not in this queue’s catalog; failed without retry');
      throw new UnrecoverableError(`${unrecoverableCodes.unknownJob}: ${job.name}`);
    }
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      // Issue paths and messages only: the payload itself is never logged.
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
      jobLogger.error(
        { issues: issues.slice(0, 20), issueCount: issues.length },
        'malformed job payload; failed without retry',
      );
      throw new UnrecoverableError(
        `${unrecoverableCodes.malformedPayload}: ${issues.slice(0, 5).join('; ')}`,
      );
    }
    const handler = handlers[job.name as JobName] as JobHandler<JobName>;
    return handler(parsed.data as JobPayload<JobName>, {
      jobId: job.id ?? '',
      attempt: job.attemptsMade + 1,
      logger: jobLogger,
    });
  };
}
