import {
  createTenant,
  createTestDatabase,
  createTestRedisPrefix,
  type EchoUpstream,
  startEchoUpstream,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGatewayEnv } from '../../src/test-support/gateway-env.js';
import { echoSnapshot, seedKey, seedSnapshot } from '../../src/test-support/seeding.js';
import { type GatewayCluster, startGatewayCluster } from './gateway-cluster.js';

describe('gateway cluster harness', () => {
  let db: TestDatabase;
  let redisPrefix: TestRedisPrefix;
  let redis: Redis;
  let echo: EchoUpstream;
  let cluster: GatewayCluster | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPrefix = createTestRedisPrefix();
    redis = new Redis(redisPrefix.redisUrl);
    echo = await startEchoUpstream();
  });

  afterAll(async () => {
    await cluster?.stop();
    await echo?.close();
    redis?.disconnect();
    await redisPrefix?.cleanup();
    await db?.drop();
  });

  it('starts several gateway processes that serve the same seeded tenant and key, and stops them', async () => {
    const tenant = await createTenant(db.prisma);
    await seedSnapshot(db.prisma, echoSnapshot(tenant, echo.url));
    const { key } = await seedKey(redis, redisPrefix.prefix, { tenantId: tenant.id });
    const started = Date.now();
    cluster = await startGatewayCluster({
      count: 2,
      env: testGatewayEnv(db, redisPrefix),
    });
    console.log(`2 gateway processes ready in ${Date.now() - started} ms`);
    expect(cluster.urls).toHaveLength(2);
    for (const url of cluster.urls) {
      const response = await fetch(`${url}/t/${tenant.slug}/echo/hello`, { headers: { 'x-api-key': key } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const pids = cluster.processes.map((proc) => proc.child.pid);
    await cluster.stop();
    for (const proc of cluster.processes)
      expect(proc.child.exitCode !== null || proc.child.signalCode !== null).toBe(true);
    expect(pids.every((pid) => typeof pid === 'number')).toBe(true);
    cluster = undefined;
  });
});
