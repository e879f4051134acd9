/** Counters of what the worker did since it started, served on `GET /metrics` (Prometheus text). */
export interface WorkerCounters {
  usageBatches: number;
  usageDuplicateBatches: number;
  usageEvents: number;
  /** Events past their billing period's grace: rolled up unbilled, recorded in late_usage_events. */
  usageLateEvents: number;
  /** Malformed events recorded in usage_dead_letters. */
  usageDeadLetteredEvents: number;
  requestLogRows: number;
  /** Events older than the request log's retention: not logged. */
  requestLogSkippedEvents: number;
  requestLogPartitionsCreated: number;
  requestLogPartitionsDropped: number;
  /** Quota counters found behind the rollups (after a Redis loss) and restored. */
  quotaCountersRaised: number;
  /** Differences between gateway quota counters and rollups raised by the reconciliation. */
  usageReconciliationFindings: number;
}

export function createCounters(): WorkerCounters {
  return {
    usageBatches: 0,
    usageDuplicateBatches: 0,
    usageEvents: 0,
    usageLateEvents: 0,
    usageDeadLetteredEvents: 0,
    requestLogRows: 0,
    requestLogSkippedEvents: 0,
    requestLogPartitionsCreated: 0,
    requestLogPartitionsDropped: 0,
    quotaCountersRaised: 0,
    usageReconciliationFindings: 0,
  };
}

const help: Record<keyof WorkerCounters, string> = {
  usageBatches: 'Usage batches rolled up',
  usageDuplicateBatches: 'Usage batches skipped as already rolled up',
  usageEvents: 'Usage events rolled up (late ones included)',
  usageLateEvents: 'Usage events that arrived after their billing period grace (counted, not billed)',
  usageDeadLetteredEvents: 'Malformed usage events dead-lettered',
  requestLogRows: 'Events written to the request log',
  requestLogSkippedEvents: 'Events older than the request log retention, not logged',
  requestLogPartitionsCreated: 'Request log day partitions created',
  requestLogPartitionsDropped: 'Request log day partitions dropped by retention',
  quotaCountersRaised: 'Quota counters restored from the rollups (behind after a Redis loss)',
  usageReconciliationFindings: 'Differences between gateway quota counters and rollups raised',
};

/** `usageLateEvents` → `tollgate_worker_usage_late_events_total`. */
function metricName(key: string): string {
  return `tollgate_worker_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_total`;
}

export function renderCounters(counters: WorkerCounters): string {
  return Object.entries(counters)
    .map(([key, value]) => {
      const name = metricName(key);
      return `# HELP ${name} ${help[key as keyof WorkerCounters]}\n# TYPE ${name} counter\n${name} ${value}\n`;
    })
    .join('');
}
