import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/test-support/free-port.js';

/**
 * A multi-process harness: starts N real gateway processes (the built
 * `apps/gateway/dist/main.js`) on free ports, sharing whatever database, Redis and
 * prefix the caller puts in `env`, waits until each one serves, and stops them all.
 * Used by the tests that prove limits, revocation and metering hold across replicas.
 *
 * ```ts
 * const cluster = await startGatewayCluster({ count: 4, env: { DATABASE_URL, REDIS_URL, REDIS_PREFIX, KEY_PEPPER } });
 * await fetch(`${cluster.urls[0]}/t/${slug}/echo/hi`, { headers: { 'x-api-key': key } });
 * await cluster.stop();
 * ```
 *
 * The processes run `dist/`, not the sources: {@link startGatewayCluster} rebuilds the
 * gateway first when any file under `src/` is newer than `dist/main.js` (packages it
 * imports must be built already: `npm test` builds them first, through turbo).
 */

const gatewayRoot = fileURLToPath(new URL('../../', import.meta.url));
export const gatewayMain = join(gatewayRoot, 'dist', 'main.js');

export interface GatewayClusterOptions {
  /** How many gateway processes. */
  count: number;
  /**
   * Environment of every process (DATABASE_URL, REDIS_URL, REDIS_PREFIX, KEY_PEPPER, …).
   * The harness sets GATEWAY_HOST/GATEWAY_PORT per process, defaults GATEWAY_ID, SNAPSHOT_DIR and
   * GATEWAY_SPOOL_DIR to one per process (under a temporary folder removed by `stop()`),
   * GATEWAY_ADMIN_PORT to 0 (free), GATEWAY_DOMAIN to `gw.localhost` and LOG_LEVEL to `warn`.
   */
  env: Record<string, string>;
  /** Per-process additions/overrides, e.g. a closed Redis port for one of them. */
  envFor?: (index: number) => Record<string, string>;
  /** Every line a process writes (stdout and stderr), e.g. to collect access lines. */
  onLine?: (index: number, line: string) => void;
  /** How long each process gets to answer its health check. Default 30 s. */
  readyTimeoutMs?: number;
  /** Rebuild `dist/` when the sources are newer. Default true. */
  build?: boolean;
}

export interface GatewayProcess {
  index: number;
  url: string;
  port: number;
  child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output: string[];
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string | null>;
}

export interface GatewayCluster {
  /** `http://127.0.0.1:<port>` of each process, in index order. */
  urls: string[];
  processes: GatewayProcess[];
  /** Stops one process (SIGTERM, then SIGKILL after `graceMs`). */
  stopOne(index: number, graceMs?: number): Promise<void>;
  /** Stops every process (SIGTERM: they drain and flush metering), then removes their snapshot dirs. */
  stop(graceMs?: number): Promise<void>;
}

export async function startGatewayCluster(options: GatewayClusterOptions): Promise<GatewayCluster> {
  if (options.build !== false) ensureGatewayBuilt();
  const snapshotRoot = mkdtempSync(join(tmpdir(), 'tollgate-cluster-'));
  const processes: GatewayProcess[] = [];
  const stopOne = async (index: number, graceMs = 10_000): Promise<void> => {
    const proc = processes[index];
    if (proc === undefined) return;
    await stopProcess(proc, graceMs);
  };
  const stop = async (graceMs = 10_000): Promise<void> => {
    await Promise.all(processes.map((proc) => stopProcess(proc, graceMs)));
    rmSync(snapshotRoot, { recursive: true, force: true });
  };
  try {
    // Started together: boot (Nest, Prisma, Redis) dominates, and they do not depend on each other.
    const started = await Promise.all(
      Array.from({ length: options.count }, (_, index) => startWithRetry(index, options, snapshotRoot)),
    );
    processes.push(...started);
  } catch (error) {
    await stop(2_000);
    throw error;
  }
  return { urls: processes.map((proc) => proc.url), processes, stopOne, stop };
}

async function startWithRetry(
  index: number,
  options: GatewayClusterOptions,
  snapshotRoot: string,
): Promise<GatewayProcess> {
  // A free port can be taken between probing and binding: try again on a new one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = spawnGateway(index, port, options, snapshotRoot);
    try {
      await waitUntilReady(proc, options.readyTimeoutMs ?? 30_000);
      return proc;
    } catch (error) {
      await stopProcess(proc, 1_000);
      const portTaken = proc.output.some((line) => line.includes('EADDRINUSE'));
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}

function spawnGateway(
  index: number,
  port: number,
  options: GatewayClusterOptions,
  snapshotRoot: string,
): GatewayProcess {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GATEWAY_DOMAIN: 'gw.localhost',
    LOG_LEVEL: 'warn',
    GATEWAY_ID: `cluster-${index}`,
    // Each replica keeps its own disk copy and spool, as separate machines would.
    SNAPSHOT_DIR: join(snapshotRoot, `gw-${index}`),
    GATEWAY_SPOOL_DIR: join(snapshotRoot, `spool-${index}`),
    // A free admin port each (several processes on one machine).
    GATEWAY_ADMIN_PORT: '0',
    ...options.env,
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    ...options.envFor?.(index),
  };
  const child = spawn(process.execPath, [gatewayMain], {
    cwd: gatewayRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
    child.once('error', () => resolve('spawn-error'));
  });
  const onChunk = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        output.push(line);
        if (output.length > 200) output.shift();
        options.onLine?.(index, line);
      }
    });
  };
  if (child.stdout) onChunk(child.stdout);
  if (child.stderr) onChunk(child.stderr);
  return { index, url: `http://127.0.0.1:${port}`, port, child, output, exited };
}

async function waitUntilReady(proc: GatewayProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | null | undefined;
  void proc.exited.then((code) => {
    exitedWith = code;
  });
  for (;;) {
    if (exitedWith !== undefined) {
      throw new Error(
        `gateway ${proc.index} exited (${String(exitedWith)}) before it served:\n${proc.output.slice(-30).join('\n')}`,
      );
    }
    try {
      // Snapshots are loaded before the server listens, so an answer means it serves tenants.
      const response = await fetch(`${proc.url}/_tollgate/healthz`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `gateway ${proc.index} not ready within ${timeoutMs} ms:\n${proc.output.slice(-30).join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopProcess(proc: GatewayProcess, graceMs: number): Promise<void> {
  const child = proc.child;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Rebuilds the gateway's `dist/` when a source file is newer than `dist/main.js`. Serialised
 * with `flock` so parallel test files (or engineers) never run two compilers into one `dist/`.
 */
export function ensureGatewayBuilt(): void {
  const isFresh = () =>
    existsSync(gatewayMain) && statSync(gatewayMain).mtimeMs >= newestMtime(join(gatewayRoot, 'src'));
  if (isFresh()) return;
  const tsc = join(gatewayRoot, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const lock = join(tmpdir(), 'tollgate-gateway-build.lock');
  const build = spawnSync('flock', [lock, process.execPath, tsc, '-p', 'tsconfig.build.json'], {
    cwd: gatewayRoot,
    stdio: 'pipe',
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(`gateway build failed (${String(build.status)}):\n${build.stdout}\n${build.stderr}`);
  }
}
