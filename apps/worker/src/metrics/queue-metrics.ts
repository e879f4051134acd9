import type { Queue } from 'bullmq';

const states = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/**
 * Queue depth per queue and state (read from Redis when scraped) and job failures per queue,
 * job and outcome (`retry` or `final`), in Prometheus text for the worker's `/metrics`.
 */
export class QueueMetrics {
  private readonly failures = new Map<string, number>();

  constructor(private readonly queues: readonly Queue[]) {}

  recordFailure(queue: string, jobName: string, final: boolean): void {
    const labels = `queue="${queue}",job="${jobName}",outcome="${final ? 'final' : 'retry'}"`;
    this.failures.set(labels, (this.failures.get(labels) ?? 0) + 1);
  }

  async render(): Promise<string> {
    const counts = await Promise.all(this.queues.map((queue) => queue.getJobCounts(...states)));
    const depth = this.queues.flatMap((queue, i) =>
      states.map(
        (state) =>
          `tollgate_worker_queue_jobs{queue="${queue.name}",state="${state}"} ${counts[i]?.[state] ?? 0}`,
      ),
    );
    const failures = [...this.failures].map(
      ([labels, n]) => `tollgate_worker_job_failures_total{${labels}} ${n}`,
    );
    return [
      '# HELP tollgate_worker_queue_jobs Jobs in each queue by state',
      '# TYPE tollgate_worker_queue_jobs gauge',
      ...depth,
      '# HELP tollgate_worker_job_failures_total Job attempts that failed, by whether a retry follows',
      '# TYPE tollgate_worker_job_failures_total counter',
      ...failures,
      '',
    ].join('\n');
  }
}
