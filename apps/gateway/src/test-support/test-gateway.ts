import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigSnapshotInput, KeyRecord, UsageEvent } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { Redis } from 'ioredis';
import { loadEnv } from '../env.js';
import { createGatewayApp, type GatewayApp } from '../gateway-app.js';
import type { GatewayOptions } from '../gateway-options.js';
import { testGatewayEnv } from './gateway-env.js';
import { type SeededKey, seedKey, seedSnapshot, updateKey } from './seeding.js';
import { UsageQueueReader } from './usage-queue.js';

export interface TestGatewayOptions<K extends string> {
  /** The gateway's database; snapshots are seeded through `prisma`. */
  db: { url: string; prisma: PrismaClient };
  /** Redis and the key prefix: `createTestRedisPrefix()`, or a private redis-server with a prefix. */
  redisPrefix: { redisUrl: string; prefix: string };
  /** Config versions written before boot (the gateway loads them from the database). */
  snapshot?: ConfigSnapshotInput | ConfigSnapshotInput[];
  /** Keys written to the key index before boot, by name; see {@link TestGateway.seedKey} for the defaults. */
  keys?: Record<K, Partial<KeyRecord>>;
  /** Environment over the defaults: {@link testGatewayEnv}, silent logs, temporary snapshot and spool folders. */
  env?: Record<string, string>;
  /** `createGatewayApp` options over the defaults: log lines kept in `logLines`, usage flushed every 50 ms, 2 s for Postgres at boot. */
  tuning?: GatewayOptions;
}

export interface TestGateway<K extends string> extends GatewayApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** A Redis client on the gateway's Redis, for seeding and inspecting; closed by `close()`. */
  redis: Redis;
  prefix: string;
  keys: Record<K, SeededKey>;
  /** Every log line the gateway wrote (none while LOG_LEVEL is silent, the default). */
  logLines: string[];
  snapshotDir: string;
  spoolDir: string;
  /**
   * A fresh key: `record` over the first snapshot's tenant and first plan, then
   * {@link seedKey}'s defaults (active, unscoped, consumer `con_1`, subscription `sub_1`).
   */
  seedKey(record?: Partial<KeyRecord>): Promise<SeededKey>;
  /** Rewrites a key's record and publishes the invalidation, as the control plane does. */
  updateKey(seeded: SeededKey, changes: Partial<KeyRecord>): Promise<KeyRecord>;
  /** Writes a config version and publishes it, as the control plane does. */
  publishSnapshot(snapshot: ConfigSnapshotInput): Promise<void>;
  /** Every usage event in the gateway's usage queue so far. */
  usageEvents(): Promise<UsageEvent[]>;
  /** Closes the gateway and the clients above, and removes its temporary folders. */
  close(): Promise<void>;
}

/**
 * One gateway in this process for an integration test, on the test's database and Redis
 * prefix, listening on a free loopback port, with its snapshot rows and keys seeded first:
 *
 * ```ts
 * const gw = await startTestGateway({ db, redisPrefix, snapshot: echoSnapshot(tenant, echo.url), keys: { live: {} } });
 * await fetch(`${gw.url}/t/${tenant.slug}/echo/x`, { headers: { 'x-api-key': gw.keys.live.key } });
 * await gw.close(); // the test still drops its database and cleans its prefix
 * ```
 */
export async function startTestGateway<K extends string = never>(
  options: TestGatewayOptions<K>,
): Promise<TestGateway<K>> {
  const { db, redisPrefix } = options;
  const snapshots = options.snapshot === undefined ? [] : [options.snapshot].flat();
  const scratch = await mkdtemp(join(tmpdir(), 'tollgate-gw-test-'));
  const env = loadEnv({
    ...testGatewayEnv(db, redisPrefix),
    GATEWAY_ID: 'gw-test',
    SNAPSHOT_DIR: join(scratch, 'snapshots'),
    GATEWAY_SPOOL_DIR: join(scratch, 'spool'),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const redis = new Redis(redisPrefix.redisUrl);
  // A fault test may stop this Redis: commands then fail, and the reconnect noise is not news.
  redis.on('error', () => {});
  let usage: UsageQueueReader | undefined;
  let gateway: GatewayApp | undefined;
  const logLines: string[] = [];

  const firstPlan = snapshots[0]?.plans[0];
  const keyDefaults = {
    ...(snapshots[0] && { tenantId: snapshots[0].tenantId }),
    ...(firstPlan && { planId: firstPlan.id, planVersion: firstPlan.version }),
  };
  const seed = (record: Partial<KeyRecord> = {}) => {
    const { tenantId, ...rest } = { ...keyDefaults, ...record };
    if (tenantId === undefined) throw new Error('a key needs a tenantId: seed a snapshot or name one');
    return seedKey(redis, redisPrefix.prefix, { tenantId, ...rest }, env.KEY_PEPPER);
  };

  const close = async () => {
    await gateway?.app.close();
    await usage?.close();
    redis.disconnect();
    await rm(scratch, { recursive: true, force: true });
  };

  try {
    for (const snapshot of snapshots) await seedSnapshot(db.prisma, snapshot);
    const keys = {} as Record<K, SeededKey>;
    for (const [name, record] of Object.entries<Partial<KeyRecord>>(options.keys ?? {}))
      keys[name as K] = await seed(record);
    gateway = await createGatewayApp(env, {
      logDestination: { write: (line: string) => void logLines.push(line) },
      usage: { flushIntervalMs: 50 },
      databaseTimeoutMs: 2_000,
      ...options.tuning,
    });
    await gateway.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = gateway.app.getHttpServer().address() as AddressInfo;
    return {
      ...gateway,
      url: `http://127.0.0.1:${port}`,
      port,
      redis,
      prefix: redisPrefix.prefix,
      keys,
      logLines,
      snapshotDir: env.SNAPSHOT_DIR,
      spoolDir: env.GATEWAY_SPOOL_DIR,
      seedKey: seed,
      updateKey: (seeded, changes) => updateKey(redis, redisPrefix.prefix, seeded, changes),
      publishSnapshot: (snapshot) => seedSnapshot(db.prisma, snapshot, { redis, prefix: redisPrefix.prefix }),
      usageEvents() {
        usage ??= new UsageQueueReader(redisPrefix);
        return usage.events();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
