import { readdir } from 'node:fs/promises';
import {
  createTenant,
  createTestDatabase,
  type EchoUpstream,
  type OwnRedis,
  startEchoUpstream,
  startOwnRedis,
  type TestDatabase,
} from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/free-port.js';
import { echoSnapshot } from '../test-support/seeding.js';
import { startTestGateway, type TestGateway } from '../test-support/test-gateway.js';

/**
 * Done-when: "metering loses nothing when Redis is down for 10 s during traffic (spool
 * replayed)". The gateway runs against a private redis-server that is stopped for 10 s
 * while requests keep coming; every request's event must reach the queue exactly once.
 */
describe('metering while the usage queue is unreachable', () => {
  let db: TestDatabase;
  let own: OwnRedis;
  let echo: EchoUpstream;
  let gw: TestGateway<'live'>;
  let slug: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    own = await startOwnRedis(await freePort());
    echo = await startEchoUpstream();
    const tenant = await createTenant(db.prisma);
    slug = tenant.slug;
    gw = await startTestGateway({
      db,
      redisPrefix: { redisUrl: own.url, prefix: 'tg:spool-test:' },
      snapshot: echoSnapshot(tenant, echo.url),
      keys: { live: {} },
      env: { LOG_LEVEL: 'info' },
      tuning: {
        // The key stays cached while Redis is down (the default hit TTL is 10 s).
        keyCache: { hitTtlMs: 120_000 },
        usage: { flushIntervalMs: 100, sendTimeoutMs: 500 },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
    await echo?.close();
    await own?.dispose();
    await db?.drop();
  });

  it('loses no event and counts none twice when Redis is down for 10 s during traffic', async () => {
    const sent: string[] = [];
    const statuses = new Map<number, number>();
    let running = true;
    let n = 0;
    const call = async () => {
      const requestId = `spool-test-${String(n++).padStart(6, '0')}`;
      const response = await fetch(`${gw.url}/t/${slug}/echo/x`, {
        headers: { 'x-api-key': gw.keys.live.key, 'x-request-id': requestId },
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
    const spooledFiles = (await readdir(gw.spoolDir)).filter((name) => name.endsWith('.json')).length;
    await own.start();
    const downMs = Date.now() - downAt;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    running = false;
    await traffic;

    const counts = new Map<string, number>();
    const deadline = Date.now() + 30_000;
    for (;;) {
      counts.clear();
      for (const event of await gw.usageEvents())
        counts.set(event.requestId, (counts.get(event.requestId) ?? 0) + 1);
      if (sent.every((id) => counts.has(id)) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const missing = sent.filter((id) => !counts.has(id));
    const doubled = [...counts].filter(([, count]) => count > 1);
    const replayLine = gw.logLines
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
    expect((await readdir(gw.spoolDir)).filter((name) => name.endsWith('.json'))).toEqual([]);
  }, 90_000);
});
