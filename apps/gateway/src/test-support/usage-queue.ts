import { bullPrefix, queueNames, type UsageBatch, type UsageEvent } from '@tollgate/contracts';
import { Queue } from 'bullmq';

/** The usage queue the gateways under `redisPrefix` send their batches to, for reading them back. */
export class UsageQueueReader {
  private readonly queue: Queue<UsageBatch>;

  constructor(redisPrefix: { redisUrl: string; prefix: string }) {
    this.queue = new Queue<UsageBatch>(queueNames.usage, {
      connection: { url: redisPrefix.redisUrl },
      prefix: bullPrefix(redisPrefix.prefix),
    });
  }

  /** Every event of every batch in the queue, whatever the state of its job. */
  async events(): Promise<UsageEvent[]> {
    const jobs = await this.queue.getJobs([
      'waiting',
      'delayed',
      'prioritized',
      'active',
      'completed',
      'failed',
    ]);
    return jobs.flatMap((job) => job.data.events);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
