// `npm run bench:gateway`: the echo upstream direct, nginx, a bare @fastify/http-proxy and
// the Tollgate gateway with the full chain (key auth, rate limit, quota, metering, access
// log), 1 process and one per core, at c=8 and c=64, in one run on this machine. Writes
// the results to docs/performance.md.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
import { cpuSeconds } from './cpu.mjs';
import { startNginx } from './nginx.mjs';
import { writeReport } from './report.mjs';
import { runWrk } from './wrk.mjs';

const root = join(import.meta.dirname, '..', '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = 2;
const concurrencies = [8, 64];

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
    };
    const env = {
      DATABASE_URL: database.url,
      REDIS_PREFIX: redis.prefix,
      KEY_PEPPER: randomBytes(32).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      MASTER_KEY: randomBytes(32).toString('base64'),
      COOKIE_SECURE: 'false',
      GATEWAY_ALLOW_PRIVATE_UPSTREAMS: '*',
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
    const second = await startStack({
      root,
      env,
      ports: { ...ports, gateway: secondPort },
      logDir,
      parts: ['gateway'],
    });
    cleanups.push(() => second.stop());

    const seeded = await seedDemo({
      controlPlaneUrl: stack.urls.controlPlaneUrl,
      upstreamUrl: stack.urls.upstreamUrl,
      planTerms: {
        rateLimit: { limit: 1_000_000, windowSeconds: 1, burst: 1_000_000 },
        monthlyQuota: 2_000_000_000,
      },
    });
    const path = `/t/${seeded.tenant}${seeded.apiBasePath}/hello`;
    const gatewayUrls = [stack.urls.gatewayUrl, `http://127.0.0.1:${secondPort}`];
    for (const url of gatewayUrls) await waitForDemoCall(`${url}${path}`, seeded.key);
    const gatewayPids = [pidOf(stack, 'gateway'), pidOf(second, 'gateway')];

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
      { name: 'echo upstream, direct', urls: [`${stack.urls.upstreamUrl}/hello`], pids: [] },
      { name: 'nginx', urls: [`http://127.0.0.1:${nginxPort}/hello`], pids: [nginx.child.pid] },
      { name: '@fastify/http-proxy (bare)', urls: [`http://127.0.0.1:${barePort}/hello`], pids: [bare.pid] },
      {
        name: 'Tollgate, 1 process',
        urls: [`${gatewayUrls[0]}${path}`],
        pids: [gatewayPids[0]],
        headers: auth,
      },
      {
        name: `Tollgate, ${gatewayUrls.length} processes`,
        urls: gatewayUrls.map((url) => `${url}${path}`),
        pids: gatewayPids,
        headers: auth,
      },
    ];

    const results = [];
    for (const connections of concurrencies) {
      for (const target of targets) {
        step(`${target.name} at c=${connections}`);
        await measure(target, connections, warmupSeconds);
        const before = target.pids.map(cpuSeconds);
        const result = await measure(target, connections, seconds);
        const cpu = target.pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - (before[i] ?? 0), 0);
        results.push({
          target: target.name,
          connections,
          ...result,
          cpuUsPerRequest: target.pids.length > 0 ? (cpu / result.requests) * 1e6 : null,
        });
      }
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
