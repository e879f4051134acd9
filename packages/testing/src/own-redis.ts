import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/**
 * A private redis-server for fault tests (stopped and started again at will), with AOF
 * persistence in a temporary directory: never the machine's shared Redis, which other tests
 * use and which keeps nothing on disk.
 */
export interface OwnRedis {
  port: number;
  url: string;
  dir: string;
  /** Starts (again) on the same port and directory; resolves once it answers PING (the AOF loaded). */
  start(): Promise<void>;
  /** Stops it with the `SHUTDOWN` command (a clean shutdown that fsyncs the AOF), resolves once the process is gone. */
  stop(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

export interface OwnRedisOptions {
  /** `always` (the default) or `everysec`, the production recommendation (docs/metering.md). */
  appendfsync?: 'always' | 'everysec';
}

/** Starts a redis-server on `port` (pick a free one) and resolves once it answers. */
export async function startOwnRedis(port: number, options: OwnRedisOptions = {}): Promise<OwnRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-own-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    options.appendfsync ?? 'always',
    '--maxmemory-policy',
    'noeviction',
  ];
  let child: ChildProcess | null = null;
  const own: OwnRedis = {
    port,
    url,
    dir,
    async start() {
      const server = spawn('redis-server', args, { stdio: 'ignore' });
      child = server;
      const deadline = Date.now() + 10_000;
      while (server.exitCode === null && Date.now() < deadline) {
        const probe = new Redis(url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {}); // refused until the server listens: the loop retries
        try {
          await probe.connect();
          // While it loads the AOF it answers LOADING: wait for a real PONG.
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          // not up yet
        } finally {
          probe.disconnect();
        }
        await sleep(50);
      }
      child = null;
      server.kill('SIGKILL');
      throw new Error(`redis-server on ${port} did not start`);
    },
    async stop() {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      const client = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => {}); // the server drops the connection as it shuts down
      try {
        await client.connect();
        // The server closes the connection instead of answering.
        await client.call('SHUTDOWN').catch(() => undefined);
      } catch {
        running.kill('SIGTERM'); // unreachable: the signal runs the same shutdown
      } finally {
        client.disconnect();
      }
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
