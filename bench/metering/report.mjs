import { sectionMarkers, writeSection } from '../lib/performance-doc.mjs';

const { start, end } = sectionMarkers('metering');
const fmt = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const check = (ok) => (ok ? 'met' : '**missed**');
const load = (l) => l.map((n) => n.toFixed(2)).join(' / ');

/** Renders the results and puts them in docs/performance.md between this benchmark's markers. */
export function writeReport({ root, results, events, latencyRate }) {
  const { machine, throughput, log, latency, query } = results;
  const lines = [
    start,
    '## Metering: `npm run bench:metering`',
    '',
    `Run ${new Date().toISOString()} on ${machine.cores} × ${machine.cpu}, ${machine.memGiB} GiB RAM, Node ${machine.node}; Postgres, Redis, the worker and the benchmark share the cores. Load average (1/5/15 min) before: ${load(results.loadBefore)}, after: ${load(results.loadAfter)}.`,
    '',
    `Traffic (bench/metering/workload.mjs, seeded PRNG): one tenant, 1,000 keys and 20 routes with Zipf(1) popularity, 94% 2xx / 2% 429 / 3% 404 / 1% 502, batches of 1,000 events of the last second. Throughput: ${fmt(events)} events enqueued with the gateway's job options while the queue is paused, then timed from resume until Postgres holds every batch id; one worker process (\`apps/worker\`, default settings).`,
    '',
    '| phase | events | seconds | events/s | rollup rows | CPU ms per 1,000 events: worker / Postgres / Redis | cores busy |',
    '|---|---:|---:|---:|---:|---|---:|',
  ];
  for (const [name, r] of [
    ['rollups, request log off', throughput],
    ['rollups + request log', log],
  ]) {
    if (!r) continue;
    const c = r.cpuMsPer1000;
    lines.push(
      `| ${name} | ${fmt(r.events)} | ${fmt(r.seconds, 1)} | ${fmt(r.eventsPerSecond)} | ${fmt(r.tenantRows)} | ${fmt(c.worker, 1)} / ${fmt(c.postgres, 1)} / ${fmt(c.redis, 1)} | ${fmt(r.cpuCoresBusy, 2)} |`,
    );
  }
  if (latency) {
    lines.push(
      '',
      `Event-to-queryable latency: ${fmt(latencyRate)} events/s (request log on) for ${latency.seconds} s; from just before the producer's \`queue.add\` to the first rollup query (polled every 10 ms) that sees the batch's probe row: p50 ${fmt(latency.p50)} ms, p99 ${fmt(latency.p99)} ms, max ${fmt(latency.max)} ms over ${latency.samples} batches (${latency.lost} never seen).`,
    );
  }
  if (query) {
    const { seed, derived } = query;
    lines.push(
      '',
      `Usage query: ${fmt(seed.rows)} minute rollup rows holding ${fmt(seed.calls)} calls (30 days × ${fmt(seed.rows / (30 * 24 * 60))} rows per minute, 1,000 keys, 20 routes; seeded by one INSERT … generate_series in ${fmt(seed.seconds, 1)} s). ${derived ? `Hourly and daily rollups derived by the worker's usage.derive in ${fmt(derived.seconds, 1)} s.` : 'No usage.derive in this checkout: the control plane read the minute rollups.'} \`GET /v1/tenants/:id/usage\` with a read token, ${query.count} sequential requests after 5 warm-up ones:`,
      '',
      '| query | buckets | calls in the answer | p50 ms | p95 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|',
      ...query.queries.map((q) =>
        q.status === 200
          ? `| ${q.name} | ${q.buckets} | ${fmt(q.answeredCalls)} | ${fmt(q.p50, 1)} | ${fmt(q.p95, 1)} | ${fmt(q.max, 1)} |`
          : `| ${q.name} | answered ${q.status} | – | – | – | – |`,
      ),
    );
  }
  const worstP95 = query ? Math.max(...query.queries.map((q) => q.p95 ?? Number.POSITIVE_INFINITY)) : null;
  lines.push('', 'Targets (issue 6):');
  if (throughput)
    lines.push(
      `- rollups ≥ 50,000 events/s: ${fmt(throughput.eventsPerSecond)} — ${check(throughput.eventsPerSecond >= 50_000)}`,
    );
  if (log)
    lines.push(
      `- with the request log ≥ 20,000 events/s: ${fmt(log.eventsPerSecond)} — ${check(log.eventsPerSecond >= 20_000)}`,
    );
  if (latency)
    lines.push(`- event-to-queryable p99 < 2 s: ${fmt(latency.p99)} ms — ${check(latency.p99 < 2_000)}`);
  if (query)
    lines.push(
      `- usage query p95 < 100 ms (worst of the three): ${fmt(worstP95, 1)} ms — ${check(worstP95 < 100)}`,
    );
  lines.push(end);

  const section = lines.join('\n');
  writeSection(root, 'metering', section);
  return section;
}
