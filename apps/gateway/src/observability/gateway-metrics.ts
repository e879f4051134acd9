import { usageCounters } from '../usage/usage-report.js';
import { Histogram, labelValue } from './histogram.js';
import { stageHistograms } from './stage-timings.js';

/** Request latency buckets (milliseconds). */
export const requestBucketsMs = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

/** Gauges read at scrape time (not per request). */
export interface MetricsGauges {
  tenants: () => number;
  usageBacklog: () => number;
  usageSpooled: () => number;
  keyCacheSize: () => number;
  redisReady: () => boolean;
}

/**
 * The gateway's Prometheus metrics: requests by tenant, route and status (a latency
 * histogram per series, its `_count` is the request count) and per-stage durations,
 * rendered in the text exposition format on the admin port. Recording a request is three
 * map lookups and a bucket scan; series are created on first sight (bounded by the
 * snapshots: tenants × routes × statuses).
 */
export class GatewayMetrics {
  /** tenant id → route id → status → histogram. */
  private readonly requests = new Map<string, Map<string, Map<number, Histogram>>>();
  private readonly upstream = new Map<string, Histogram>();

  request(
    tenant: string,
    route: string,
    status: number,
    durationMs: number,
    upstreamMs: number | null,
  ): void {
    let byRoute = this.requests.get(tenant);
    if (byRoute === undefined) {
      byRoute = new Map();
      this.requests.set(tenant, byRoute);
    }
    let byStatus = byRoute.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      byRoute.set(route, byStatus);
    }
    let histogram = byStatus.get(status);
    if (histogram === undefined) {
      histogram = new Histogram(requestBucketsMs);
      byStatus.set(status, histogram);
    }
    histogram.observe(durationMs);
    if (upstreamMs !== null) {
      let up = this.upstream.get(tenant);
      if (up === undefined) {
        up = new Histogram(requestBucketsMs);
        this.upstream.set(tenant, up);
      }
      up.observe(upstreamMs);
    }
  }

  render(gauges: MetricsGauges): string {
    const out: string[] = [];
    out.push('# HELP tollgate_requests_total Requests answered, by tenant, route and status.');
    out.push('# TYPE tollgate_requests_total counter');
    for (const [tenant, byRoute] of this.requests)
      for (const [route, byStatus] of byRoute)
        for (const [status, histogram] of byStatus)
          out.push(
            `tollgate_requests_total{tenant="${labelValue(tenant)}",route="${labelValue(route)}",status="${status}"} ${histogram.count}`,
          );
    out.push(
      '# HELP tollgate_request_duration_ms Time from arrival to the end of the answer, by tenant, route and status.',
    );
    out.push('# TYPE tollgate_request_duration_ms histogram');
    for (const [tenant, byRoute] of this.requests)
      for (const [route, byStatus] of byRoute)
        for (const [status, histogram] of byStatus)
          histogram.render(
            'tollgate_request_duration_ms',
            `tenant="${labelValue(tenant)}",route="${labelValue(route)}",status="${status}"`,
            out,
          );
    out.push('# HELP tollgate_upstream_duration_ms Time until the upstream answered (headers), by tenant.');
    out.push('# TYPE tollgate_upstream_duration_ms histogram');
    for (const [tenant, histogram] of this.upstream)
      histogram.render('tollgate_upstream_duration_ms', `tenant="${labelValue(tenant)}"`, out);
    out.push('# HELP tollgate_stage_duration_ms Time spent in each pipeline stage.');
    out.push('# TYPE tollgate_stage_duration_ms histogram');
    for (const [stage, histogram] of stageHistograms)
      histogram.render('tollgate_stage_duration_ms', `stage="${labelValue(stage)}"`, out);
    gauge(out, 'tollgate_tenants', 'Tenants whose snapshot this process serves.', gauges.tenants());
    gauge(out, 'tollgate_usage_backlog_events', 'Usage events waiting in memory.', gauges.usageBacklog());
    gauge(
      out,
      'tollgate_usage_spooled_batches',
      'Usage batches waiting in the disk spool.',
      gauges.usageSpooled(),
    );
    gauge(out, 'tollgate_key_cache_entries', 'Entries in the in-process key cache.', gauges.keyCacheSize());
    gauge(
      out,
      'tollgate_redis_up',
      '1 when the command connection to Redis is ready.',
      gauges.redisReady() ? 1 : 0,
    );
    counter(
      out,
      'tollgate_usage_spooled_batches_total',
      'Usage batches written to the disk spool.',
      usageCounters.spooledBatches,
    );
    counter(
      out,
      'tollgate_usage_replayed_batches_total',
      'Spooled usage batches replayed to the queue.',
      usageCounters.replayedBatches,
    );
    counter(
      out,
      'tollgate_usage_spool_refused_batches_total',
      'Usage batches the spool could not take (full or failing).',
      usageCounters.spoolRefusedBatches,
    );
    counter(
      out,
      'tollgate_usage_dropped_events_total',
      'Usage events dropped by the in-memory bound.',
      usageCounters.droppedEvents,
    );
    const memory = process.memoryUsage();
    gauge(out, 'process_resident_memory_bytes', 'Resident memory.', memory.rss);
    const cpu = process.cpuUsage();
    counter(out, 'process_cpu_seconds_total', 'User and system CPU time.', (cpu.user + cpu.system) / 1e6);
    out.push('');
    return out.join('\n');
  }
}

function gauge(out: string[], name: string, help: string, value: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
}

function counter(out: string[], name: string, help: string, value: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
}
