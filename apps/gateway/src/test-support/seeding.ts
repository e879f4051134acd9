import {
  type ConfigSnapshotInput,
  configSnapshotSchema,
  type KeyRecord,
  newId,
  redisChannels,
  redisKeys,
} from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { generateKey, hashKey } from '@tollgate/keys';
import type { Redis } from 'ioredis';

/**
 * Seeding for integration tests: a snapshot row the gateways load at boot (or on a
 * publish notice), and key index entries in Redis, the way the control plane writes them.
 */

/** KEY_PEPPER of the gateways under test (in-process or processes) and of the keys seeded for them. */
export const integrationPepper = 'integration-test-pepper-0123456789abcdef';

/** Inserts a config version row; `notify` also sets the live version and publishes the notice. */
export async function seedSnapshot(
  prisma: PrismaClient,
  snapshot: ConfigSnapshotInput,
  notify?: { redis: Redis; prefix: string },
): Promise<void> {
  const parsed = configSnapshotSchema.parse(snapshot);
  await prisma.configVersion.create({
    data: {
      id: newId('configVersion'),
      tenantId: parsed.tenantId,
      version: parsed.version,
      snapshot: parsed,
      createdBy: 'system',
      reason: 'cluster test',
    },
  });
  if (notify !== undefined) {
    await notify.redis.set(
      redisKeys.liveConfigVersion(notify.prefix, parsed.tenantId),
      String(parsed.version),
    );
    await notify.redis.publish(
      redisChannels.configPublished(notify.prefix),
      JSON.stringify({ tenantId: parsed.tenantId, version: parsed.version }),
    );
  }
}

/**
 * The usual test tenant: one `/echo` API (every method and path) in front of `upstreamUrl`,
 * one unlimited plan `pln_1` covering it, loopback upstreams allowed. `api`, `plan` and
 * `policies` are merged in for what a test varies; `plans` replaces the plan list.
 */
export function echoSnapshot(
  tenant: { id: string; slug: string },
  upstreamUrl: string,
  overrides: {
    api?: Partial<ConfigSnapshotInput['apis'][number]>;
    plan?: Partial<ConfigSnapshotInput['plans'][number]>;
    plans?: ConfigSnapshotInput['plans'];
    policies?: ConfigSnapshotInput['policies'];
  } = {},
): ConfigSnapshotInput {
  return {
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    version: 1,
    createdAt: new Date().toISOString(),
    apis: [
      {
        id: 'api_echo',
        name: 'Echo',
        basePath: '/echo',
        upstream: { url: upstreamUrl },
        sandboxUpstream: null,
        routes: [{ id: 'rte_all', method: 'ANY', pathTemplate: '/*' }],
        ...overrides.api,
      },
    ],
    plans: overrides.plans ?? [
      {
        id: 'pln_1',
        version: 1,
        name: 'P',
        apiIds: ['api_echo'],
        rateLimit: null,
        monthlyQuota: null,
        ...overrides.plan,
      },
    ],
    // The echo upstream is on loopback.
    policies: { allowPrivateUpstreams: true, ...overrides.policies },
  };
}

export interface SeededKey {
  key: string;
  keyHash: string;
  record: KeyRecord;
}

/** What a seeded key's record needs: its tenant; the rest defaults (see {@link seedKey}). */
export type KeyInput = Pick<KeyRecord, 'tenantId'> & Partial<KeyRecord>;

/**
 * A fresh key of `environment` written to the key index. Its record is `record` over an active,
 * unscoped, unexpiring key of consumer `con_1`, subscription `sub_1` and plan `pln_1` v1 (the
 * plan of {@link echoSnapshot}); keyId generated unless given.
 */
export async function seedKey(
  redis: Redis,
  prefix: string,
  record: KeyInput,
  pepper = integrationPepper,
): Promise<SeededKey> {
  const environment = record.environment ?? 'live';
  const { key, prefix: displayPrefix } = generateKey(environment);
  const keyHash = hashKey(key, pepper);
  const full: KeyRecord = {
    keyId: newId('key'),
    prefix: displayPrefix,
    consumerId: 'con_1',
    subscriptionId: 'sub_1',
    planId: 'pln_1',
    planVersion: 1,
    status: 'active',
    scopes: [],
    expiresAt: null,
    graceEndsAt: null,
    ...record,
    environment,
  };
  await redis.set(redisKeys.keyIndex(prefix, keyHash), JSON.stringify(full));
  return { key, keyHash, record: full };
}

/** Rewrites a key's index entry and tells every gateway (as the control plane does on revoke). */
export async function updateKey(
  redis: Redis,
  prefix: string,
  seeded: SeededKey,
  changes: Partial<KeyRecord>,
) {
  const record = { ...seeded.record, ...changes };
  await redis.set(redisKeys.keyIndex(prefix, seeded.keyHash), JSON.stringify(record));
  await redis.publish(redisChannels.keyInvalidated(prefix), JSON.stringify({ keyHash: seeded.keyHash }));
  return record;
}
