import { Inject, Injectable } from '@nestjs/common';
import { type KeyInvalidatedNotice, redisChannels, redisKeys } from '@tollgate/contracts';
import type { Redis } from 'ioredis';
import { REDIS, REDIS_PREFIX } from '../../infra/tokens.js';
import { KeyIndexRepository, type KeyIndexRow } from './key-index.repository.js';
import { toKeyRecord } from './key-record.js';

const rebuildPageSize = 500;

/**
 * Projects key rows into the Redis key index the gateway reads, and tells gateways to drop
 * their cached copy. Revoked keys stay in the index (status `revoked`) so the gateway can
 * answer `key_revoked` rather than `invalid_key`.
 */
@Injectable()
export class KeyIndexProjector {
  constructor(
    private readonly keys: KeyIndexRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  async project(row: KeyIndexRow): Promise<void> {
    await this.write([row]);
  }

  async projectKey(keyId: string): Promise<boolean> {
    const row = await this.keys.findKey(keyId);
    if (row) await this.write([row]);
    return row !== null;
  }

  /**
   * Re-projects a subscription's keys from what Postgres holds now (after its change committed):
   * a row read earlier could undo a revocation committed meanwhile.
   */
  async projectSubscription(subscriptionId: string): Promise<void> {
    const rows = await this.keys.subscriptionKeys(subscriptionId);
    if (rows.length > 0) await this.write(rows);
  }

  /** Re-projects every key from Postgres; returns how many. Safe to run while serving. */
  async rebuildKeyIndex(): Promise<number> {
    let count = 0;
    let afterId: string | null = null;
    for (;;) {
      const page: KeyIndexRow[] = await this.keys.pageKeys(afterId, rebuildPageSize);
      if (page.length === 0) return count;
      await this.write(page);
      count += page.length;
      afterId = page[page.length - 1]!.id;
    }
  }

  private async write(rows: KeyIndexRow[]): Promise<void> {
    const channel = redisChannels.keyInvalidated(this.prefix);
    const pipeline = this.redis.multi();
    for (const row of rows) {
      pipeline.set(redisKeys.keyIndex(this.prefix, row.hash), JSON.stringify(toKeyRecord(row)));
      const notice: KeyInvalidatedNotice = { keyHash: row.hash };
      pipeline.publish(channel, JSON.stringify(notice));
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results || failed) throw failed?.[0] ?? new Error('key index write was aborted');
  }
}
