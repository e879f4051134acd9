import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { readHeartbeats } from '../../src/observability/heartbeat.js';
import { testGatewayEnv } from '../../src/test-support/gateway-env.js';
import { echoSnapshot, seedKey, seedSnapshot, updateKey } from '../../src/test-support/seeding.js';
import { type GatewayCluster, startGatewayCluster } from './gateway-cluster.js';

const processes = 4;

/**
 * Done-when: "a revoked key is refused by every process within 1 s (measured, printed)".
 * Four real gateway processes each have the key in their in-process cache (so only the
 * invalidation notice, not a cache expiry, can make them refuse it); the key record is
 * rewritten as revoked and the notice published, as the control plane does; each process
 * is polled until it answers 401 key_revoked.
 */
describe('key revocation across gateway processes', () => {
  let db: TestDatabase;
  let redisPrefix: TestRedisPrefix;
  let redis: Redis;
  let echo: EchoUpstream;
  let cluster: GatewayCluster | undefined;
  let scratch: string;
  let slug: string;
  let tenantId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    redisPrefix = createTestRedisPrefix();
    redis = new Redis(redisPrefix.redisUrl);
    echo = await startEchoUpstream();
    scratch = mkdtempSync(join(tmpdir(), 'tollgate-revocation-'));
    const tenant = await createTenant(db.prisma);
    slug = tenant.slug;
    tenantId = tenant.id;
    await seedSnapshot(db.prisma, echoSnapshot(tenant, echo.url));
    cluster = await startGatewayCluster({
      count: processes,
      env: { ...testGatewayEnv(db, redisPrefix), GATEWAY_HEARTBEAT_MS: '500' },
      envFor: (index) => ({
        GATEWAY_ADMIN_PORT: '0',
        GATEWAY_SPOOL_DIR: join(scratch, `spool-${index}`),
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await echo?.close();
    redis?.disconnect();
    await redisPrefix?.cleanup();
    await db?.drop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a revoked key on every process within 1 s of the revocation', async () => {
    const seeded = await seedKey(redis, redisPrefix.prefix, { tenantId });
    const urls = cluster!.urls;
    const call = (url: string) => fetch(`${url}/t/${slug}/echo/x`, { headers: { 'x-api-key': seeded.key } });
    // Warm every process's key cache (the hit TTL is 10 s: far longer than the bound measured).
    for (const url of urls) {
      const response = await call(url);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
    }

    const revokedAt = performance.now();
    await updateKey(redis, redisPrefix.prefix, seeded, { status: 'revoked' });
    const elapsed = await Promise.all(
      urls.map(async (url) => {
        for (;;) {
          const response = await call(url);
          const body = (await response.json().catch(() => null)) as { code?: string } | null;
          if (response.status === 401 && body?.code === 'key_revoked') return performance.now() - revokedAt;
          if (performance.now() - revokedAt > 5_000) return Number.POSITIVE_INFINITY;
        }
      }),
    );
    console.log(
      `revocation reached ${processes} gateway processes in ${elapsed.map((ms) => `${ms.toFixed(1)} ms`).join(', ')} ` +
        '(from the key index write + invalidation publish to the first 401 key_revoked of each)',
    );
    for (const ms of elapsed) expect(ms).toBeLessThan(1_000);
  });

  it('reports from every process, through its heartbeat, the config version it serves', async () => {
    const deadline = Date.now() + 5_000;
    let beats = await readHeartbeats(redis, redisPrefix.prefix);
    while (beats.length < processes && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      beats = await readHeartbeats(redis, redisPrefix.prefix);
    }
    console.log(`heartbeats: ${beats.map((b) => `${b.gatewayId} v${b.versions[tenantId]}`).join(', ')}`);
    expect(beats.map((b) => b.gatewayId).sort()).toEqual(
      Array.from({ length: processes }, (_, i) => `cluster-${i}`),
    );
    for (const beat of beats) {
      expect(beat.versions[tenantId]).toBe(1);
      expect(Date.now() - beat.at).toBeLessThan(5_000);
    }
    const ttl = await redis.pttl(`${redisPrefix.prefix}gateway:heartbeat:cluster-0`);
    expect(ttl).toBeGreaterThan(0);
  });
});
