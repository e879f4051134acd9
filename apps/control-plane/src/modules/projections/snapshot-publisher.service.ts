import { Injectable, Logger } from '@nestjs/common';
import { isTollgateError } from '@tollgate/errors';
import { type ReleaseMeta, ReleaseService } from '../releases/release.service.js';

export type VersionMeta = ReleaseMeta;

/**
 * Publishes a tenant's config after each API or plan change (`auto` releases), through the
 * release service like every other version. A change whose config fails the release checks
 * is kept but not published: the gateways keep the live version, and the release preview
 * (`POST …/releases/preview`) lists the problems.
 */
@Injectable()
export class SnapshotPublisher {
  private readonly logger = new Logger(SnapshotPublisher.name);

  constructor(private readonly releases: ReleaseService) {}

  /** The new version, or null when the release checks refused the config. */
  async publish(tenantId: string, meta: VersionMeta): Promise<{ version: number | null }> {
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

  /** Publishes a fresh version for every tenant (e.g. after a snapshot format change). */
  publishAll(meta: VersionMeta): Promise<number> {
    return this.releases.publishAll(meta);
  }
}
