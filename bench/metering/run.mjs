// `npm run bench:metering`: on this machine, through the real usage queue and worker,
//   1. rollup throughput (events/s into Postgres), request log off;
//   2. the same with the request log on;
//   3. event-to-queryable latency (producer enqueue → rollup row visible to a query);
//   4. the usage query's p95 over rollups equivalent to 10 M events (1,000 keys, 20 routes,
//      30 days), through the control plane's HTTP endpoint with a personal access token.
// Writes the results to docs/performance.md.
//
// For iterating (nothing is written to docs/performance.md then):
//   BENCH_ONLY=throughput,log,latency,query   only these phases
//   BENCH_EVENTS=200000                      events per throughput phase (default 500,000)
//   BENCH_LATENCY_SECONDS=10                 length of the latency phase (default 30)
//   BENCH_NO_BUILD=1                         run the apps' current dist/ without building
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, createTestRedisPrefix } from '@tollgate/testing';
import pg from 'pg';
import { services } from '../../scripts/lib/dev-env.mjs';
import { ensureDependencies } from '../../scripts/lib/install.mjs';
import { fail, step } from '../../scripts/lib/log.mjs';
import { freePort } from '../../scripts/lib/ports.mjs';
import { run } from '../../scripts/lib/run.mjs';
import { ensureServices } from '../../scripts/lib/services.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';
import { writeReport } from './report.mjs';
import { measureLatency, measureThroughput, usageQueue } from './rollup.mjs';
import {
  deriveRollups,
  providerWithToken,
  seedRollups,
  seedShape,
  timeQuery,
  typicalQueries,
} from './usage-query.mjs';

const root = join(import.meta.dirname, '..', '..');
const events = Number(process.env.BENCH_EVENTS ?? 500_000);
const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const latencyRate = 10_000;
const queryCount = 100;
const only = process.env.BENCH_ONLY?.split(',') ?? null;
const wanted = (phase) => only === null || only.includes(phase);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function main() {
  await ensureDependencies(root);
  await ensureServices(services);
  if (process.env.BENCH_NO_BUILD !== '1') await buildApps();

  const cleanups = [];
  const results = { machine: machine(), loadBefore: loadavg() };
  try {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const sql = new pg.Pool({ connectionString: database.url, max: 2 });
    cleanups.push(() => sql.end());
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-metering-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    /** A worker process on its own queue prefix, with the request log on or off. */
    const startWorker = async (requestLog) => {
      const redis = createTestRedisPrefix();
      cleanups.push(() => redis.cleanup());
      const ports = await portsFor('worker');
      const stack = await startStack({
        root,
        env: {
          DATABASE_URL: database.url,
          REDIS_URL: redisUrl,
          REDIS_PREFIX: redis.prefix,
          REQUEST_LOG_ENABLED: String(requestLog),
          LOG_LEVEL: 'info',
        },
        ports,
        logDir: join(dir, 'logs'),
        parts: ['worker'],
      });
      const queue = usageQueue(redisUrl, redis.prefix);
      const workerPid = stack.children[0].child.pid;
      return {
        queue,
        workerPid,
        stop: async () => {
          await queue.close();
          await stack.stop();
        },
      };
    };

    for (const [phase, requestLog] of [
      ['throughput', false],
      ['log', true],
    ]) {
      if (!wanted(phase)) continue;
      step(
        `Rollup throughput, request log ${requestLog ? 'on' : 'off'}: ${events.toLocaleString('en')} events`,
      );
      const worker = await startWorker(requestLog);
      try {
        results[phase] = await measureThroughput({ sql, ...worker, events, runId: phase });
        results[phase].loadAfter = loadavg();
      } finally {
        await worker.stop();
      }
      console.log(results[phase]);
    }

    if (wanted('latency')) {
      step(
        `Event-to-queryable latency at ${latencyRate.toLocaleString('en')} events/s for ${latencySeconds} s`,
      );
      const worker = await startWorker(true);
      try {
        results.latency = await measureLatency({
          sql,
          queue: worker.queue,
          eventsPerSecond: latencyRate,
          seconds: latencySeconds,
          runId: 'latency',
        });
      } finally {
        await worker.stop();
      }
      console.log(results.latency);
    }

    if (wanted('query')) {
      // A database of its own: the derivation starts at the oldest minute it finds on its first
      // run, which must be the seeded history, not the minutes the phases above wrote.
      const queryDatabase = await createTestDatabase();
      cleanups.push(() => queryDatabase.drop());
      const querySql = new pg.Pool({ connectionString: queryDatabase.url, max: 2 });
      cleanups.push(() => querySql.end());
      results.query = await queryPhase({ sql: querySql, database: queryDatabase, dir, cleanups });
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  }
  results.loadAfter = loadavg();
  if (only !== null || process.env.BENCH_EVENTS !== undefined) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(`\n${writeReport({ root, results, events, latencyRate })}`);
}

async function buildApps() {
  step('Building the worker and the control plane');
  await run(
    'npx',
    [
      'turbo',
      'run',
      'build',
      '--filter=@tollgate/worker',
      '--filter=@tollgate/control-plane',
      '--output-logs=errors-only',
    ],
    { cwd: root },
  );
}

async function queryPhase({ sql, database, dir, cleanups }) {
  step('Usage query: starting the control plane');
  const ports = await portsFor('controlPlane');
  const redis = createTestRedisPrefix();
  cleanups.push(() => redis.cleanup());
  const stack = await startStack({
    root,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redis.prefix,
      KEY_PEPPER: randomBytes(32).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      MASTER_KEY: randomBytes(32).toString('base64'),
      COOKIE_SECURE: 'false',
      SNAPSHOT_DIR: join(dir, 'snapshots'),
      LOG_LEVEL: 'warn',
    },
    ports,
    logDir: join(dir, 'logs'),
    parts: ['control-plane'],
  });
  cleanups.push(() => stack.stop());
  const { controlPlaneUrl } = stack.urls;
  const { tenantId, token } = await providerWithToken(controlPlaneUrl);

  step(`Seeding ${seedShape.events.toLocaleString('en')} events of minute rollups (SQL)`);
  const seed = await seedRollups(sql, tenantId);
  console.log(seed);
  step('Deriving the hourly and daily rollups (usage.derive)');
  const derived = await deriveRollups(root, database.url);
  console.log(derived ?? 'no usage.derive in this checkout: the queries read the minute rollups');

  const queries = [];
  for (const { name, query } of typicalQueries(seed)) {
    step(`GET /v1/tenants/:id/usage — ${name}`);
    const timing = await timeQuery({ controlPlaneUrl, tenantId, token, query, count: queryCount });
    console.log(timing);
    // The answer must hold what was seeded (else the bench timed empty tables).
    const answered = timing.data?.reduce((sum, bucket) => sum + bucket.calls, 0) ?? null;
    delete timing.data;
    queries.push({ name, query, ...timing, answeredCalls: answered });
  }
  return { seed, derived, queries, count: queryCount };
}

/** Ports for the stack's settings; only `name`'s process is started here (mail and portal URLs must parse). */
async function portsFor(name) {
  return {
    [name]: await freePort(),
    mailSmtp: await freePort(),
    mailHttp: await freePort(),
    portal: await freePort(),
  };
}

function machine() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpu: cpu[0]?.model ?? 'unknown CPU',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
  };
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
