// `npm run bench:gateway`: the echo upstream direct, nginx, a bare @fastify/http-proxy and
// the Tollgate gateway with the full chain (key auth, rate limit, quota, metering, access
// log), 1 process and one per core, at c=8 and c=64, in one run on this machine. Writes
// the results to docs/performance.md.
//
// For iterating (nothing is written to docs/performance.md then):
//   BENCH_ONLY=bare,tollgate1      only these targets (direct, nginx, bare, tollgate1, tollgate2)
//   BENCH_CONCURRENCY=8            only these connection counts
//   BENCH_SECONDS=4                shorter rows
//   BENCH_PROFILE=1                CPU-profile the 1-process gateway during its measured rows
//                                  and print its top functions and per-stage times (/metrics)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, createTestRedisPrefix } from '@tollgate/testing';
import { seedDemo } from '../../scripts/lib/demo-seed.mjs';
import { services, waitForDemoCall } from '../../scripts/lib/dev-env.mjs';
import { buildAll, ensureDependencies } from '../../scripts/lib/install.mjs';
import { fail, step } from '../../scripts/lib/log.mjs';
import { freePort } from '../../scripts/lib/ports.mjs';
import { ensureServices } from '../../scripts/lib/services.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';
import { cpuSeconds, withChildren } from './cpu.mjs';
import { startNginx } from './nginx.mjs';
import { writeReport } from './report.mjs';
import { summarise } from './top-functions.mjs';
import { runWrk } from './wrk.mjs';

const root = join(import.meta.dirname, '..', '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = 2;
const concurrencies = process.env.BENCH_CONCURRENCY?.split(',').map(Number) ?? [8, 64];
const only = process.env.BENCH_ONLY?.split(',') ?? null;
const profiling = process.env.BENCH_PROFILE === '1';

async function main() {
  for (const tool of ['wrk', 'nginx']) {
    if (!existsSync(`/usr/bin/${tool}`) && !existsSync(`/usr/sbin/${tool}`)) {
      fail(`${tool} is missing: apt-get install -y ${tool}`);
    }
  }
  await ensureDependencies(root);
  await ensureServices(services);
  await buildAll(root);

  const cleanups = [];
  try {
    step('Starting the upstream, control plane and two gateways on a fresh database');
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const redis = createTestRedisPrefix();
    cleanups.push(() => redis.cleanup());
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const ports = {
      upstream: await freePort(),
      controlPlane: await freePort(),
      gateway: await freePort(),
      worker: await freePort(),
      portal: await freePort(),
      mailSmtp: await freePort(),
      mailHttp: await freePort(),
    };
    const env = {
      DATABASE_URL: database.url,
      REDIS_PREFIX: redis.prefix,
      KEY_PEPPER: randomBytes(32).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      MASTER_KEY: randomBytes(32).toString('base64'),
      COOKIE_SECURE: 'false',
      GATEWAY_ALLOW_PRIVATE_UPSTREAMS: '*',
      ALLOWED_PRIVATE_UPSTREAM_TENANTS: '*',
      SNAPSHOT_DIR: join(dir, 'snapshots'),
      GATEWAY_SPOOL_DIR: join(dir, 'spool'),
      LOG_LEVEL: 'info',
    };
    const logDir = join(dir, 'logs');
    const stack = await startStack({
      root,
      env,
      ports,
      logDir,
      parts: ['upstream', 'control-plane', 'gateway'],
    });
    cleanups.push(() => stack.stop());
    const secondPort = await freePort();
    const profileDir = join(dir, 'profiles');
    mkdirSync(profileDir, { recursive: true });
    const second = await startStack({
      root,
      // When profiling, this is the gateway measured as "1 process" (see below).
      env: profiling
        ? {
            ...env,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(import.meta.dirname, 'profile-hook.mjs')}`,
            TOLLGATE_CPU_PROFILE_DIR: profileDir,
          }
        : env,
      ports: { ...ports, gateway: secondPort },
      logDir,
      parts: ['gateway'],
    });
    cleanups.push(() => second.stop());

    const planTerms = {
      rateLimit: { limit: 1_000_000, windowSeconds: 1, burst: 1_000_000 },
      monthlyQuota: 2_000_000_000,
    };
    // Seeded through the control plane, like the demo: the gateway sees what production would.
    const seeded = await seedDemo({
      controlPlaneUrl: stack.urls.controlPlaneUrl,
      upstreamUrl: stack.urls.upstreamUrl,
      planTerms,
    });
    const path = `/t/${seeded.tenant}${seeded.apiBasePath}/hello`;
    const gatewayUrls = [stack.urls.gatewayUrl, `http://127.0.0.1:${secondPort}`];
    for (const url of gatewayUrls) await waitForDemoCall(`${url}${path}`, seeded.key);
    const gatewayPids = [pidOf(stack, 'gateway'), pidOf(second, 'gateway')];
    // The profiled gateway is the second one; it then serves the 1-process rows.
    const single = profiling ? 1 : 0;
    const singleAdmin = profiling ? adminUrlOf(second) : null;

    const nginxPort = await freePort();
    const nginx = startNginx({ dir: join(dir, 'nginx'), port: nginxPort, upstreamPort: ports.upstream });
    cleanups.push(() => nginx.stop());
    const barePort = await freePort();
    const bare = spawn(
      process.execPath,
      [join(import.meta.dirname, 'bare-proxy.mjs'), String(barePort), stack.urls.upstreamUrl],
      {
        stdio: 'ignore',
      },
    );
    cleanups.push(() => bare.kill());
    await waitUntilServing(`http://127.0.0.1:${nginxPort}/hello`);
    await waitUntilServing(`http://127.0.0.1:${barePort}/hello`);

    const auth = { Authorization: `Bearer ${seeded.key}` };
    const targets = [
      { id: 'direct', name: 'echo upstream, direct', urls: [`${stack.urls.upstreamUrl}/hello`], pids: [] },
      // nginx's master only supervises: the workers (its children) do the proxying.
      {
        id: 'nginx',
        name: 'nginx',
        urls: [`http://127.0.0.1:${nginxPort}/hello`],
        pids: withChildren(nginx.child.pid),
      },
      {
        id: 'bare',
        name: '@fastify/http-proxy (bare)',
        urls: [`http://127.0.0.1:${barePort}/hello`],
        pids: [bare.pid],
      },
      {
        id: 'tollgate1',
        name: 'Tollgate, 1 process',
        urls: [`${gatewayUrls[single]}${path}`],
        pids: [gatewayPids[single]],
        headers: auth,
        profile: profiling,
      },
      {
        id: 'tollgate2',
        name: `Tollgate, ${gatewayUrls.length} processes`,
        urls: gatewayUrls.map((url) => `${url}${path}`),
        pids: gatewayPids,
        headers: auth,
      },
    ].filter((target) => only === null || only.includes(target.id));

    const results = [];
    for (const connections of concurrencies) {
      for (const target of targets) {
        step(`${target.name} at c=${connections}`);
        await measure(target, connections, warmupSeconds);
        const pids = typeof target.pids === 'function' ? target.pids() : target.pids;
        const stagesBefore = target.profile ? await stageTotals(singleAdmin) : null;
        if (target.profile) process.kill(gatewayPids[single], 'SIGUSR2');
        const before = pids.map(cpuSeconds);
        const result = await measure(target, connections, seconds);
        const cpu = pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - (before[i] ?? 0), 0);
        if (target.profile) {
          process.kill(gatewayPids[single], 'SIGUSR2');
          printStages(stagesBefore, await stageTotals(singleAdmin));
          printProfile(await profileFile(profileDir, gatewayPids[single]), connections);
        }
        results.push({
          target: target.name,
          connections,
          ...result,
          cpuUsPerRequest: pids.length > 0 ? (cpu / result.requests) * 1e6 : null,
        });
      }
    }
    if (only !== null || process.env.BENCH_CONCURRENCY !== undefined) {
      // A partial run: print it, leave docs/performance.md alone.
      for (const r of results)
        console.log(
          `${r.target} c=${r.connections}: ${r.rps.toFixed(0)} RPS, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, non-2xx ${r.non2xx}, CPU ${r.cpuUsPerRequest === null ? '–' : r.cpuUsPerRequest.toFixed(1)} µs/request`,
        );
      return;
    }
    const report = writeReport({ root, results, seconds, machine: machineDescription() });
    console.log(`\n${report}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  }
}

/** One wrk per URL at once, the connections split between them; the figures added up. */
async function measure(target, connections, duration) {
  const share = Math.max(1, Math.floor(connections / target.urls.length));
  const runs = await Promise.all(
    target.urls.map((url) => runWrk({ url, connections: share, seconds: duration, headers: target.headers })),
  );
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
  };
}

/** The admin listener's URL, from the gateway's "admin listening" log line. */
function adminUrlOf(stack) {
  const { logFile } = stack.children.find(({ spec }) => spec.name === 'gateway');
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('admin listening')) continue;
    const { host, port } = JSON.parse(line);
    return `http://${host}:${port}`;
  }
  return null;
}

/** Sum and count of each pipeline stage's duration histogram, from /metrics. */
async function stageTotals(adminUrl) {
  const totals = new Map();
  if (adminUrl === null) return totals;
  const text = await fetch(`${adminUrl}/metrics`).then((r) => r.text());
  for (const match of text.matchAll(/^tollgate_stage_duration_ms_(sum|count)\{stage="([^"]+)"\} (\S+)$/gm)) {
    const entry = totals.get(match[2]) ?? { sum: 0, count: 0 };
    entry[match[1]] = Number(match[3]);
    totals.set(match[2], entry);
  }
  return totals;
}

function printStages(before, after) {
  console.log('  per-stage mean during the row (gateway /metrics; proxy includes the upstream):');
  for (const [stage, { sum, count }] of after) {
    const prev = before.get(stage) ?? { sum: 0, count: 0 };
    const n = count - prev.count;
    if (n > 0) console.log(`    ${stage.padEnd(12)} ${(((sum - prev.sum) / n) * 1000).toFixed(1)} µs (${n})`);
  }
}

async function profileFile(dir, pid) {
  const file = join(dir, `gateway-${pid}.cpuprofile`);
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
  await sleep(200);
  return file;
}

function printProfile(file, connections) {
  const kept = file.replace(/\.cpuprofile$/, `-c${connections}.cpuprofile`);
  renameSync(file, kept);
  // Kept outside the repository (the run's own directory is removed at the end).
  const out = process.env.BENCH_PROFILE_DIR ?? join(tmpdir(), 'tollgate-bench-profiles');
  mkdirSync(out, { recursive: true });
  const copy = join(out, `tollgate-c${connections}.cpuprofile`);
  copyFileSync(kept, copy);
  console.log(`  profile: ${copy}`);
  console.log(
    summarise(JSON.parse(readFileSync(kept, 'utf8')), 25)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
}

function pidOf(stack, name) {
  return stack.children.find(({ spec }) => spec.name === name).child.pid;
}

async function waitUntilServing(url) {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} did not come up`);
}

function machineDescription() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}; load generator (wrk), proxy and upstream share the cores`;
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
