import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConfigPublishedNotice, redisChannels, redisKeys } from '@tollgate/contracts';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_PREFIX } from '../../infra/tokens.js';
import { compileSnapshot } from './compile-snapshot.js';
import { SnapshotRepository, type VersionMeta } from './snapshot.repository.js';

/** Moves the live version forward only: a late, older publish never hides a newer one. */
const setIfGreater = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
return 0`;

/**
 * Compiles a tenant's config into the next `ConfigVersion` row, marks it live in Redis and tells
 * every gateway. Until release management exists, every config change publishes at once.
 */
@Injectable()
export class SnapshotPublisher {
  private readonly logger = new Logger(SnapshotPublisher.name);

  constructor(
    private readonly snapshots: SnapshotRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  async publish(tenantId: string, meta: VersionMeta): Promise<{ version: number }> {
    const snapshot = await this.snapshots.publishNextVersion(tenantId, meta, (config, version) =>
      compileSnapshot(config, version, new Date()),
    );
    await this.redis.eval(
      setIfGreater,
      1,
      redisKeys.liveConfigVersion(this.prefix, tenantId),
      snapshot.version,
    );
    const notice: ConfigPublishedNotice = { tenantId, version: snapshot.version };
    await this.redis.publish(redisChannels.configPublished(this.prefix), JSON.stringify(notice));
    this.logger.log({ tenantId, version: snapshot.version, reason: meta.reason }, 'config published');
    return { version: snapshot.version };
  }

  /** Publishes a fresh version for every tenant (e.g. after a snapshot format change). */
  async publishAll(meta: VersionMeta): Promise<number> {
    const tenantIds = await this.snapshots.listTenantIds();
    for (const tenantId of tenantIds) await this.publish(tenantId, meta);
    return tenantIds.length;
  }
}
