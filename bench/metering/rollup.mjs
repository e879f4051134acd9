// Phases 1–3 of `npm run bench:metering`: batches go through the real usage queue (BullMQ,
// the gateway's job options) to a real worker process, which writes them to Postgres.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { bullPrefix, queueNames, usageRollupJob } from '@tollgate/contracts';
import { Queue } from 'bullmq';
import { cpuSeconds } from '../gateway/cpu.mjs';
import { createTraffic, probeEvent, workload } from './workload.mjs';

/** The options the gateway's producer uses (apps/gateway/src/gateway.module.ts). */
const gatewayJobOptions = (batchId) => ({
  jobId: batchId,
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: false,
});

export function usageQueue(redisUrl, prefix) {
  return new Queue(queueNames.usage, {
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix: bullPrefix(prefix),
  });
}

/** CPU seconds used so far by every process whose name starts with `name` (postgres, redis-server). */
export function cpuOfProcesses(name) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(name)) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** CPU seconds of the worker, Postgres, Redis and this process (the producer), so far. */
export function cpuSnapshot(workerPid) {
  return {
    worker: cpuSeconds(workerPid),
    postgres: cpuOfProcesses('postgres'),
    redis: cpuOfProcesses('redis-server'),
    producer: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  };
}

const cpuDelta = (before, after) =>
  Object.fromEntries(Object.keys(before).map((part) => [part, after[part] - before[part]]));

async function countRecorded(sql, runId) {
  const { rows } = await sql.query(
    `SELECT count(*)::int AS batches FROM processed_batches WHERE batch_id LIKE $1`,
    [`bat\\_${runId}\\_%`],
  );
  return rows[0].batches;
}

/**
 * Phases 1 and 2: the queue is paused while `events` events (batches of 1,000) are enqueued,
 * then resumed; events/s is the events over the time from resume until Postgres holds every
 * batch id. Producing is left out of the window (gateways do it elsewhere); the worker, Redis
 * and Postgres share the machine.
 */
export async function measureThroughput({ sql, queue, workerPid, events, runId }) {
  const batches = Math.ceil(events / workload.batchSize);
  const traffic = createTraffic({ seed: 1, runId });
  await queue.pause();
  for (let i = 0; i < batches; i += 50) {
    const chunk = [];
    for (let j = i; j < Math.min(batches, i + 50); j++) chunk.push(traffic.nextBatch());
    await queue.addBulk(
      chunk.map((batch) => ({ name: usageRollupJob, data: batch, opts: gatewayJobOptions(batch.batchId) })),
    );
  }
  const before = cpuSnapshot(workerPid);
  const started = performance.now();
  await queue.resume();
  while ((await countRecorded(sql, runId)) < batches) await sleep(50);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuDelta(before, cpuSnapshot(workerPid));
  const { rows } = await sql.query(
    `SELECT coalesce(sum(calls), 0)::bigint AS calls, count(*)::int AS rows
     FROM usage_rollups WHERE tenant_id = $1`,
    [workload.tenantId],
  );
  const eventCount = batches * workload.batchSize;
  return {
    events: eventCount,
    batches,
    seconds,
    eventsPerSecond: eventCount / seconds,
    // Per 1,000 events: which process spent the machine's CPU.
    cpuMsPer1000: Object.fromEntries(Object.entries(cpu).map(([part, s]) => [part, (s / eventCount) * 1e6])),
    cpuCoresBusy: Object.values(cpu).reduce((sum, s) => sum + s, 0) / seconds,
    tenantCalls: Number(rows[0].calls),
    tenantRows: rows[0].rows,
  };
}

/**
 * Phase 3: batches enqueued at a steady `eventsPerSecond` for `seconds`; each batch carries a
 * probe event with a key id of its own. A poller queries the rollups every 10 ms; latency is
 * from just before `queue.add` to the first query that sees the probe's row.
 */
export async function measureLatency({ sql, queue, eventsPerSecond, seconds, runId }) {
  const traffic = createTraffic({ seed: 2, runId });
  const batchesPerSecond = eventsPerSecond / workload.batchSize;
  const total = Math.round(batchesPerSecond * seconds);
  const sentAt = new Map();
  const latencies = [];
  let sending = true;
  let sendingEndedAt = Number.POSITIVE_INFINITY;
  const poller = (async () => {
    // A probe not visible a minute after the last send is counted as lost (reported).
    while ((sending || sentAt.size > 0) && performance.now() - sendingEndedAt < 60_000) {
      const waiting = [...sentAt.keys()];
      if (waiting.length > 0) {
        const { rows } = await sql.query(
          'SELECT key_id FROM usage_rollups WHERE tenant_id = $1 AND key_id = ANY($2::text[])',
          [workload.tenantId, waiting],
        );
        const seenAt = performance.now();
        for (const { key_id: key } of rows) {
          latencies.push(seenAt - sentAt.get(key));
          sentAt.delete(key);
        }
      }
      await sleep(10);
    }
  })();
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / batchesPerSecond;
    if (due > performance.now()) await sleep(due - performance.now());
    const probe = probeEvent(runId, n);
    const batch = traffic.nextBatch([probe]);
    sentAt.set(probe.keyId, performance.now());
    await queue.add(usageRollupJob, batch, gatewayJobOptions(batch.batchId));
  }
  sending = false;
  sendingEndedAt = performance.now();
  await poller;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    eventsPerSecond,
    seconds,
    samples: latencies.length,
    lost: sentAt.size,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1),
  };
}
