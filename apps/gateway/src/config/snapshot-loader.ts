import { type ConfigSnapshot, configPublishedNoticeSchema, configSnapshotSchema } from '@tollgate/contracts';
import type { Logger } from 'pino';
import type { CompiledSnapshot } from './compiled-snapshot.js';
import type { ConfigVersionRow, ConfigVersionSource } from './config-version.repository.js';
import type { SnapshotFiles } from './snapshot-files.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface SnapshotLoaderDeps {
  store: SnapshotStore;
  source: ConfigVersionSource;
  files: SnapshotFiles;
  compile: (snapshot: ConfigSnapshot) => CompiledSnapshot;
  /** Called after the store changed (closes pools nobody uses any more). */
  onChange: () => void;
  logger: Logger;
  /** Postgres gets this long at boot before the gateway falls back to its disk copy. */
  databaseTimeoutMs: number;
}

export type BootSource = 'database' | 'disk';

/**
 * Fills the snapshot store: at boot the newest version of every tenant from Postgres
 * (each also written to disk), or the disk copies when Postgres cannot be reached; then,
 * on each publish notice, the announced version, swapped in atomically. Versions only go
 * forward: a rollback is published as a new version.
 */
export class SnapshotLoader {
  /** The boot load finished (from Postgres or disk): what `/readyz` waits for. */
  booted = false;

  constructor(private readonly deps: SnapshotLoaderDeps) {}

  async loadAtBoot(): Promise<BootSource> {
    const { store, source, files, logger } = this.deps;
    let rows: ConfigVersionRow[];
    try {
      rows = await withTimeout(source.latestPerTenant(), this.deps.databaseTimeoutMs);
    } catch (error) {
      logger.warn({ err: error }, 'config database unreachable, booting from the disk snapshots');
      const snapshots = await files.readAll((file, fileError) =>
        logger.error({ err: fileError, file }, 'unreadable disk snapshot skipped'),
      );
      store.putNewer(this.compileAll(snapshots));
      this.deps.onChange();
      logger.info({ tenants: store.size, source: 'disk' }, 'config snapshots loaded');
      this.booted = true;
      return 'disk';
    }
    await this.apply(rows);
    logger.info({ tenants: store.size, source: 'database' }, 'config snapshots loaded');
    this.booted = true;
    return 'database';
  }

  /** Catches up with Postgres (after missed notices). Never throws. */
  async refresh(): Promise<void> {
    try {
      await this.apply(await this.deps.source.latestPerTenant());
    } catch (error) {
      this.deps.logger.error({ err: error }, 'config refresh failed');
    }
  }

  private async apply(rows: ConfigVersionRow[]): Promise<void> {
    const snapshots: ConfigSnapshot[] = [];
    for (const row of rows) {
      const snapshot = this.validate(row);
      if (snapshot !== null) snapshots.push(snapshot);
    }
    // Merged, not replaced: a notice handled meanwhile may already have brought newer ones.
    if (this.deps.store.putNewer(this.compileAll(snapshots)) > 0) this.deps.onChange();
    await Promise.all(snapshots.map((snapshot) => this.keepOnDisk(snapshot)));
  }

  /** Handles one message from the config-published channel. Never throws. */
  async onPublished(message: string): Promise<void> {
    const { store, source, logger } = this.deps;
    try {
      const notice = configPublishedNoticeSchema.parse(JSON.parse(message));
      if ((store.byTenantId(notice.tenantId)?.version ?? 0) >= notice.version) return;
      const row = await source.find(notice.tenantId, notice.version);
      if (row === null) {
        logger.error(
          { tenant: notice.tenantId, version: notice.version },
          'published config version not found',
        );
        return;
      }
      const snapshot = this.validate(row);
      if (snapshot === null) return;
      // Another notice may have brought a newer version while this one was read.
      if ((store.byTenantId(snapshot.tenantId)?.version ?? 0) >= snapshot.version) return;
      store.swap(this.deps.compile(snapshot));
      this.deps.onChange();
      logger.info({ tenant: snapshot.tenantId, version: snapshot.version }, 'config snapshot swapped');
      await this.keepOnDisk(snapshot);
    } catch (error) {
      logger.error({ err: error }, 'config notice not applied');
    }
  }

  private validate(row: ConfigVersionRow): ConfigSnapshot | null {
    const parsed = configSnapshotSchema.safeParse(row.snapshot);
    if (!parsed.success) {
      this.deps.logger.error(
        { tenant: row.tenantId, version: row.version, issues: parsed.error.issues.slice(0, 5) },
        'invalid config snapshot skipped',
      );
      return null;
    }
    if (parsed.data.tenantId !== row.tenantId || parsed.data.version !== row.version) {
      this.deps.logger.error(
        { tenant: row.tenantId, version: row.version },
        'config snapshot does not match its row (tenant or version), skipped',
      );
      return null;
    }
    return parsed.data;
  }

  private compileAll(snapshots: ConfigSnapshot[]): CompiledSnapshot[] {
    const compiled: CompiledSnapshot[] = [];
    for (const snapshot of snapshots) {
      try {
        compiled.push(this.deps.compile(snapshot));
      } catch (error) {
        this.deps.logger.error(
          { err: error, tenant: snapshot.tenantId },
          'config snapshot not compiled, skipped',
        );
      }
    }
    return compiled;
  }

  private async keepOnDisk(snapshot: ConfigSnapshot): Promise<void> {
    try {
      await this.deps.files.write(snapshot);
    } catch (error) {
      this.deps.logger.error({ err: error, tenant: snapshot.tenantId }, 'disk snapshot not written');
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
