import { mkdtemp, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bullPrefix,
  type KeyRecord,
  newId,
  queueNames,
  redisKeys,
  type UsageBatch,
} from '@tollgate/contracts';
import { generateKey, hashKey } from '@tollgate/keys';
import {
  createTenant,
  createTestDatabase,
  type EchoUpstream,
  startEchoUpstream,
  type TestDatabase,
} from '@tollgate/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { createGatewayApp, type GatewayApp } from '../gateway-app.js';
import { type OwnRedis, startOwnRedis } from '../test-support/own-redis.js';
import { echoSnapshot, seedSnapshot } from '../test-support/seeding.js';

const pepper = 'spool-test-pepper-0123456789abcdef0123456';
const prefix = 'tg:spool-test:';

/**
 * Done-when: "metering loses nothing when Redis is down for 10 s during traffic (spool
 * replayed)". The gateway runs against a private redis-server that is stopped for 10 s
 * while requests keep coming; every request's event must reach the queue exactly once.
 */
describe('metering while the usage queue is unreachable', () => {
  let db: TestDatabase;
  let own: OwnRedis;
  let echo: EchoUpstream;
  let gateway: GatewayApp;
  let spoolDir: string;
  let snapshotDir: string;
  let baseUrl: string;
  let slug: string;
  const key = generateKey('live').key;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    own = await startOwnRedis();
    echo = await startEchoUpstream();
    spoolDir = await mkdtemp(join(tmpdir(), 'tollgate-spool-int-'));
    snapshotDir = await mkdtemp(join(tmpdir(), 'tollgate-spool-snap-'));
    const tenant = await createTenant(db.prisma);
    slug = tenant.slug;
    await seedSnapshot(db.prisma, echoSnapshot(tenant, echo.url));
    const record: KeyRecord = {
      keyId: newId('key'),
      tenantId: tenant.id,
      consumerId: 'con_1',
      subscriptionId: 'sub_1',
      planId: 'pln_1',
      planVersion: 1,
      environment: 'live',
      status: 'active',
      prefix: key.slice(0, 14),
      scopes: [],
      expiresAt: null,
      graceEndsAt: null,
    };
    const redis = new Redis(own.url);
    await redis.set(redisKeys.keyIndex(prefix, hashKey(key, pepper)), JSON.stringify(record));
    redis.disconnect();
    gateway = await createGatewayApp(
      loadEnv({
        DATABASE_URL: db.url,
        REDIS_URL: own.url,
        REDIS_PREFIX: prefix,
        KEY_PEPPER: pepper,
        GATEWAY_ID: 'gw-spool-test',
        SNAPSHOT_DIR: snapshotDir,
        GATEWAY_SPOOL_DIR: spoolDir,
        LOG_LEVEL: 'info',
      }),
      {
        logDestination: { write: (line: string) => void logLines.push(line) },
        // The key stays cached while Redis is down (the default hit TTL is 10 s).
        keyCache: { hitTtlMs: 120_000 },
        usage: { flushIntervalMs: 100, sendTimeoutMs: 500 },
        databaseTimeoutMs: 2_000,
      },
    );
    await gateway.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(gateway.app.getHttpServer().address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await gateway?.app.close();
    await echo?.close();
    await own?.dispose();
    await db?.drop();
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
    if (snapshotDir) await rm(snapshotDir, { recursive: true, force: true });
  });

  it('loses no event and counts none twice when Redis is down for 10 s during traffic', async () => {
    const sent: string[] = [];
    const statuses = new Map<number, number>();
    let running = true;
    let n = 0;
    const call = async () => {
      const requestId = `spool-test-${String(n++).padStart(6, '0')}`;
      const response = await fetch(`${baseUrl}/t/${slug}/echo/x`, {
        headers: { 'x-api-key': key, 'x-request-id': requestId },
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      sent.push(requestId);
    };
    // Warm the key cache while Redis is up.
    await call();
    const traffic = (async () => {
      while (running) {
        await Promise.all([call(), call(), call(), call()]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const beforeOutage = sent.length;
    await own.stop();
    const downAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const duringOutage = sent.length - beforeOutage;
    const spooledFiles = (await readdir(spoolDir)).filter((name) => name.endsWith('.json')).length;
    await own.start();
    const downMs = Date.now() - downAt;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    running = false;
    await traffic;

    const queue = new Queue<UsageBatch>(queueNames.usage, {
      connection: { url: own.url },
      prefix: bullPrefix(prefix),
    });
    try {
      const counts = new Map<string, number>();
      const deadline = Date.now() + 30_000;
      for (;;) {
        counts.clear();
        const jobs = await queue.getJobs([
          'waiting',
          'delayed',
          'prioritized',
          'active',
          'completed',
          'failed',
        ]);
        for (const job of jobs)
          for (const event of job.data.events)
            counts.set(event.requestId, (counts.get(event.requestId) ?? 0) + 1);
        if (sent.every((id) => counts.has(id)) || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const missing = sent.filter((id) => !counts.has(id));
      const doubled = [...counts].filter(([, count]) => count > 1);
      const replayLine = logLines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'spooled usage batches replayed to the queue');
      console.log(
        `spool test: ${sent.length} requests (${beforeOutage} before the outage, ${duringOutage} during ${downMs} ms of Redis down), ` +
          `statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${spooledFiles} batch files spooled at the end of the outage, ` +
          `replayed ${replayLine.reduce((s, l) => s + l.batches, 0)} batches / ${replayLine.reduce((s, l) => s + l.events, 0)} events; ` +
          `events in the queue: ${counts.size} distinct request ids, missing ${missing.length}, counted twice ${doubled.length}`,
      );
      expect(duringOutage).toBeGreaterThan(0);
      expect(spooledFiles).toBeGreaterThan(0);
      expect(missing).toEqual([]);
      expect(doubled).toEqual([]);
      expect((await readdir(spoolDir)).filter((name) => name.endsWith('.json'))).toEqual([]);
    } finally {
      await queue.close();
    }
  }, 90_000);
});
