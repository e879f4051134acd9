import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/**
 * A redis-server of the test's own, with `appendonly yes`, on a free port: the chaos test
 * restarts it, which it must never do to the machine's shared Redis (other tests use it and
 * it keeps nothing on disk).
 */
export interface OwnRedis {
  url: string;
  /** `SHUTDOWN` (which fsyncs the append-only file), then the same server started again on the same files. */
  shutdownAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnRedis(port: number): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-chaos-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  let server: ChildProcess = await start(args, url);

  const shutdown = async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {}); // the server drops the connection as it shuts down
    await client.connect();
    const exited = once(server, 'exit');
    // The server closes the connection instead of answering.
    await client.call('SHUTDOWN').catch(() => undefined);
    client.disconnect();
    await exited;
  };

  return {
    url,
    shutdownAndRestart: async () => {
      await shutdown();
      server = await start(args, url);
    },
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null)
        await shutdown().catch(() => server.kill('SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function start(args: string[], url: string): Promise<ChildProcess> {
  const server = spawn('redis-server', args, { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) break;
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {}); // refused until the server listens: the loop retries
    try {
      await client.connect();
      // Loading the append-only file answers LOADING until done: wait for a real PONG.
      if ((await client.ping()) === 'PONG') return server;
    } catch {
      await sleep(100);
    } finally {
      client.disconnect();
    }
  }
  server.kill('SIGKILL');
  throw new Error(`redis-server ${args.join(' ')} did not start`);
}
