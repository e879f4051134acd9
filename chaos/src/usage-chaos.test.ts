import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestDatabase,
  type EchoUpstream,
  type OwnRedis,
  startEchoUpstream,
  startOwnRedis,
  type TestDatabase,
} from '@tollgate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/lib/demo-seed.mjs';
import { freePort } from '../../scripts/lib/ports.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';
import { sample, scrape } from './metrics.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * The metering promise under failure: gateway traffic of known size while the worker is
 * SIGKILLed at random points several times, Redis (the test's own, append-only) is shut
 * down and restarted once, and Postgres is unreachable to the worker for 10 s. At the end
 * the billable rollups equal the requests the gateway admitted and the echo upstream
 * received, exactly, and no batch or request was counted twice.
 */

const root = join(import.meta.dirname, '..', '..');
const logDir = join(root, 'chaos', 'test-results', 'stack-logs');
type Stack = Awaited<ReturnType<typeof startStack>>;

let database: TestDatabase;
let redis: OwnRedis;
let upstream: EchoUpstream;
let pgProxy: TcpProxy;
let platform: Stack;
let worker: Stack | null = null;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
let env: Record<string, string>;
let ports: Record<string, number>;
let gatewayAdminUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startOwnRedis(await freePort(), { appendfsync: 'everysec' });
  upstream = await startEchoUpstream();
  pgProxy = await startTcpProxy({
    host: '127.0.0.1',
    port: new URL(database.url).port ? Number(new URL(database.url).port) : 5432,
  });
  ports = {
    controlPlane: await freePort(),
    gateway: await freePort(),
    gatewayAdmin: await freePort(),
    worker: await freePort(),
    upstream: upstream.port,
    // Not started here, but the control plane's settings name them.
    mailSmtp: await freePort(),
    mailHttp: await freePort(),
    portal: await freePort(),
  };
  gatewayAdminUrl = `http://127.0.0.1:${ports.gatewayAdmin}`;
  env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'tgchaos:',
    KEY_PEPPER: randomBytes(32).toString('base64url'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    MASTER_KEY: randomBytes(32).toString('base64'),
    COOKIE_SECURE: 'false',
    SNAPSHOT_DIR: join(logDir, 'snapshots'),
    GATEWAY_SPOOL_DIR: join(logDir, `spool-${Date.now()}`),
    GATEWAY_ALLOW_PRIVATE_UPSTREAMS: '*',
    ALLOWED_PRIVATE_UPSTREAM_TENANTS: '*',
    LOG_LEVEL: 'warn',
  };
  platform = await startStack({ root, ports, logDir, env, parts: ['control-plane', 'gateway'] });
  seeded = await seedDemo({
    controlPlaneUrl: platform.urls.controlPlaneUrl,
    upstreamUrl: upstream.url,
    planTerms: {
      rateLimit: { limit: 1_000_000, windowSeconds: 1, burst: 1_000_000 },
      monthlyQuota: 2_000_000_000,
    },
  });
  await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await platform?.stop();
  await upstream?.close();
  await pgProxy?.close();
  await redis?.dispose();
  await database?.drop();
});

/** The worker reaches Postgres only through the proxy, so a cut isolates it alone. */
async function startWorker(): Promise<void> {
  const viaProxy = new URL(database.url);
  viaProxy.host = `127.0.0.1:${pgProxy.port}`;
  worker = await startStack({
    root,
    ports,
    logDir,
    env: { ...env, DATABASE_URL: viaProxy.toString() },
    parts: ['worker'],
  });
}

function killWorker(): void {
  const child = worker?.children[0]?.child;
  child?.kill('SIGKILL');
  worker = null;
}

/** Sends requests with `concurrency` callers until `stop` is set; counts answers by status. */
async function traffic(concurrency: number, stop: { set: boolean }): Promise<Map<number, number>> {
  const url = `${platform.urls.gatewayUrl}/t/${seeded.tenant}${seeded.apiBasePath}/chaos`;
  const statuses = new Map<number, number>();
  const caller = async () => {
    while (!stop.set) {
      try {
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${seeded.key}` },
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return statuses;
}

const at = (startMs: number, offsetMs: number) => sleep(Math.max(0, startMs + offsetMs - Date.now()));
const jitter = (maxMs: number) => Math.floor(Math.random() * maxMs);

async function billableRollups(): Promise<number> {
  const [row] = await database.prisma.$queryRaw<{ n: bigint | null }[]>`
    SELECT sum(billable_calls)::bigint AS n FROM usage_rollups WHERE tenant_id = ${seeded.tenantId}`;
  return Number(row?.n ?? 0);
}

/** Usage still on its way: in the gateway's memory or spool, or queued/running/retrying in BullMQ. */
async function usageInFlight(): Promise<number> {
  const [gateway, workerPage] = await Promise.all([
    scrape(`${gatewayAdminUrl}/metrics`),
    scrape(`http://127.0.0.1:${ports.worker}/metrics`),
  ]);
  if (gateway === '' || workerPage === '') return Number.POSITIVE_INFINITY;
  const queued = ['waiting', 'active', 'delayed', 'prioritized'].reduce(
    (sum, state) => sum + sample(workerPage, `tollgate_worker_queue_jobs{queue="usage",state="${state}"}`),
    0,
  );
  return (
    queued +
    sample(gateway, 'tollgate_usage_backlog_events') +
    sample(gateway, 'tollgate_usage_spooled_batches')
  );
}

it('bills exactly the admitted requests through worker kills, a Redis restart and a Postgres outage', async () => {
  const stop = { set: false };
  const start = Date.now();
  const running = traffic(4, stop);
  const events: string[] = [];
  const note = (what: string) => events.push(`${((Date.now() - start) / 1000).toFixed(1)}s ${what}`);

  // Random points inside fixed windows, so each failure lands while traffic runs.
  await at(start, 2_000 + jitter(3_000));
  killWorker();
  note('worker SIGKILL');
  await sleep(500);
  await startWorker();
  note('worker restarted');

  await at(start, 9_000);
  pgProxy.cut();
  note('postgres cut for the worker');
  await sleep(3_000 + jitter(3_000));
  killWorker();
  note('worker SIGKILL (postgres down)');
  await startWorker();
  note('worker restarted');
  await at(start, 19_000);
  pgProxy.restore();
  note('postgres back');

  await at(start, 22_000 + jitter(2_000));
  await redis.stop();
  await redis.start();
  note('redis SHUTDOWN and restarted');

  await at(start, 28_000 + jitter(3_000));
  killWorker();
  note('worker SIGKILL');
  await sleep(jitter(1_000));
  await startWorker();
  note('worker restarted');

  await at(start, 34_000 + jitter(2_000));
  killWorker();
  note('worker SIGKILL');
  await startWorker();
  note('worker restarted');

  await at(start, 40_000);
  stop.set = true;
  const statuses = await running;
  note('traffic stopped');

  // Drain: nothing left in the gateway or the queue (a job the killed worker held counts
  // as active until BullMQ's stall check hands it back), then the rollups are final.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline && (await usageInFlight()) > 0) await sleep(1_000);
  await sleep(2_000);
  note('usage drained');

  const admitted = statuses.get(200) ?? 0;
  const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
  const billable = await billableRollups();
  const [log] = await database.prisma.$queryRaw<{ rows: bigint; distinct: bigint }[]>`
      SELECT count(*)::bigint AS rows, count(DISTINCT request_id)::bigint AS distinct
      FROM request_log WHERE tenant_id = ${seeded.tenantId}`;
  const [batches] = await database.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*)::bigint AS n FROM processed_batches`;
  console.log(
    [
      'chaos figures:',
      ...events.map((e) => `  ${e}`),
      `  requests sent ${sent}; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
      `  admitted (200) ${admitted}; echo upstream received ${upstream.stats.requests}`,
      `  billable rollups ${billable}; request log rows ${log?.rows} (${log?.distinct} distinct ids); batches ${batches?.n}`,
    ].join('\n'),
  );

  expect(admitted).toBeGreaterThan(500);
  expect(upstream.stats.requests).toBe(admitted);
  expect(billable).toBe(admitted);
  expect(Number(log?.rows)).toBe(Number(log?.distinct));
});
