import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/**
 * A private redis-server for fault tests (stopped and started again at will), on a free
 * port with AOF persistence in a temporary directory: never the machine's shared Redis.
 */
export interface OwnRedis {
  port: number;
  url: string;
  dir: string;
  /** Starts (again) on the same port and directory; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it (SIGTERM: the AOF is flushed), resolves once the process is gone. */
  stop(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-own-redis-'));
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const own: OwnRedis = {
    port,
    url,
    dir,
    async start() {
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 10_000;
      for (;;) {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {});
        try {
          await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          // not up yet
        } finally {
          probe.disconnect();
        }
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      await exited;
    },
    async dispose() {
      await own.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
