import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { startWorkerApp } from '../worker-app.js';
import { EvictionPolicyError } from './eviction-policy.check.js';

// A Redis of this test's own (the shared one must keep `noeviction`), configured to evict.
let redis: ChildProcess;
let port: number;

beforeAll(async () => {
  port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--save', '', '--maxmemory-policy', 'allkeys-lru'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForOutput(redis, 'Ready to accept connections');
});

afterAll(async () => {
  if (redis && redis.exitCode === null) {
    redis.kill('SIGTERM');
    await once(redis, 'exit');
  }
});

describe('worker boot', () => {
  it('refuses to start on a Redis whose maxmemory-policy may evict keys', async () => {
    const env = loadEnv({
      // Never reached: the Redis check comes first.
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      WORKER_HEALTH_PORT: '0',
    });

    const boot = startWorkerApp(env, createLogger('silent'));

    await expect(boot).rejects.toBeInstanceOf(EvictionPolicyError);
    await expect(boot).rejects.toMatchObject({ policy: 'allkeys-lru' });
  });
});

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${seen}`)));
  });
}
