import { Injectable, Logger } from '@nestjs/common';
import { isTollgateError } from '@tollgate/errors';
import { Transactions } from '../audit/transactions.js';
import { type PublishedRelease, type ReleaseMeta, ReleaseService } from '../releases/release.service.js';

export type VersionMeta = ReleaseMeta;

/** One deferred automatic publish per tenant per transaction. */
const publishKey = (tenantId: string) => `snapshot:${tenantId}`;

/**
 * Publishes a tenant's config after each API or plan change (`auto` releases), through the
 * release service like every other version. A change whose config fails the release checks
 * is kept but not published: the gateways keep the live version, and the release preview
 * (`POST …/releases/preview`) lists the problems.
 */
@Injectable()
export class SnapshotPublisher {
  private readonly logger = new Logger(SnapshotPublisher.name);

  constructor(
    private readonly releases: ReleaseService,
    private readonly transactions: Transactions,
  ) {}

  /**
   * The new version, or null when the release checks refused the config. Inside a transaction
   * the publish waits for the commit, once per tenant however many changes asked (version null).
   */
  async publish(tenantId: string, meta: VersionMeta): Promise<{ version: number | null }> {
    if (this.transactions.active) {
      await this.transactions.afterCommit(() => this.publishNow(tenantId, meta), publishKey(tenantId));
      return { version: null };
    }
    return this.publishNow(tenantId, meta);
  }

  /**
   * One `manual` release of every change made so far in the current transaction (a declarative
   * apply), committed with them: the automatic release those changes deferred is dropped.
   */
  release(tenantId: string, meta: VersionMeta): Promise<PublishedRelease> {
    this.transactions.cancelAfterCommit(publishKey(tenantId));
    return this.releases.publish(tenantId, meta, 'manual');
  }

  /**
   * Makes the config carry a plan version before key records name it: unless the newest version
   * carries it already, one is published now, committed with the caller's transaction (which
   * must be open, so the compile sees the change). Gateways hear of it once that commits, before
   * the after-commit tasks registered after this call (e.g. re-projecting keys). A config the
   * release checks refuse is `invalid_release`, and the change rolls back.
   */
  async carryPlanVersion(
    tenantId: string,
    plan: { id: string; version: number },
    meta: VersionMeta,
  ): Promise<void> {
    if (!this.transactions.active) throw new Error('carryPlanVersion needs the change’s transaction');
    const published = await this.releases.publishUnlessCarried(tenantId, plan, meta);
    // That version holds every change made so far: a deferred automatic publish adds nothing.
    if (published !== null) this.transactions.cancelAfterCommit(publishKey(tenantId));
  }

  /** Publishes a fresh version for every tenant (e.g. after a snapshot format change). */
  publishAll(meta: VersionMeta): Promise<number> {
    return this.releases.publishAll(meta);
  }

  private async publishNow(tenantId: string, meta: VersionMeta): Promise<{ version: number | null }> {
    try {
      const { version } = await this.releases.publish(tenantId, meta, 'auto');
      return { version };
    } catch (error) {
      if (!isTollgateError(error) || error.code !== 'invalid_release') throw error;
      this.logger.warn(
        { tenantId, reason: meta.reason, ...error.extensions },
        'config not published: invalid release',
      );
      return { version: null };
    }
  }
}
