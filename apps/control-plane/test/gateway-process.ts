import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One real gateway process (the built `apps/gateway/dist/main.js`) for tests that prove
 * what the gateways serve. Apps never import apps, so it is spawned, not imported; it is
 * built first only when `dist/` is missing (serialised with the gateway's own build lock).
 */

const gatewayRoot = fileURLToPath(new URL('../../gateway/', import.meta.url));
const gatewayMain = join(gatewayRoot, 'dist', 'main.js');

export interface GatewayProcess {
  url: string;
  gatewayId: string;
  /** The last lines it wrote, for failure messages. */
  output: string[];
  stop(): Promise<void>;
}

function ensureBuilt(): void {
  if (existsSync(gatewayMain)) return;
  const tsc = join(gatewayRoot, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const lock = join(tmpdir(), 'tollgate-gateway-build.lock');
  const build = spawnSync('flock', [lock, process.execPath, tsc, '-p', 'tsconfig.build.json'], {
    cwd: gatewayRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`gateway build failed:\n${build.stdout}\n${build.stderr}`);
}

/** A port nothing listens on now (e.g. for `GATEWAY_TLS_PORT`). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Starts a gateway on the given database/Redis/prefix and waits until it serves. */
export async function startGateway(env: {
  DATABASE_URL: string;
  REDIS_URL: string;
  REDIS_PREFIX: string;
  KEY_PEPPER: string;
  GATEWAY_ID: string;
  GATEWAY_HEARTBEAT_MS?: string;
  /** HTTPS with the SNI certificates of verified custom domains; needs the control plane's MASTER_KEY(_ID). */
  GATEWAY_TLS_PORT?: string;
  MASTER_KEY?: string;
  MASTER_KEY_ID?: string;
  PREVIOUS_MASTER_KEYS?: string;
}): Promise<GatewayProcess> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-cp-gateway-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [gatewayMain], {
    cwd: gatewayRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      LOG_LEVEL: 'warn',
      GATEWAY_DOMAIN: 'gw.localhost',
      SNAPSHOT_DIR: join(dir, 'snapshots'),
      GATEWAY_SPOOL_DIR: join(dir, 'spool'),
      GATEWAY_ADMIN_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      output.push(...chunk.split('\n').filter((line) => line !== ''));
      output.splice(0, Math.max(0, output.length - 100));
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`gateway exited before it served:\n${output.join('\n')}`);
    }
    try {
      const response = await fetch(`${url}/_tollgate/healthz`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return { url, gatewayId: env.GATEWAY_ID, output, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`gateway not ready within 30 s:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
