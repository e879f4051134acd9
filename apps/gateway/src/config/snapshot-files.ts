import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigSnapshot, configSnapshotSchema } from '@tollgate/contracts';

/** Tenant ids become file names: anything else is refused rather than escaped. */
const safeName = /^[A-Za-z0-9_-]+$/;

/**
 * The last good snapshot of each tenant on local disk (`<dir>/<tenantId>.json`), so the
 * gateway boots and serves while Postgres is down. Writes are atomic (temporary file,
 * then rename): a crash mid-write leaves the previous file intact.
 */
export class SnapshotFiles {
  constructor(private readonly dir: string) {}

  async write(snapshot: ConfigSnapshot): Promise<void> {
    if (!safeName.test(snapshot.tenantId))
      throw new Error(`unsafe tenant id for a file name: ${snapshot.tenantId}`);
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, `${snapshot.tenantId}.json`);
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(snapshot), { mode: 0o600 });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Every readable snapshot on disk; unreadable files are reported and skipped. */
  async readAll(onInvalid: (file: string, error: unknown) => void = () => {}): Promise<ConfigSnapshot[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const snapshots: ConfigSnapshot[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      try {
        snapshots.push(configSnapshotSchema.parse(JSON.parse(await readFile(join(this.dir, name), 'utf8'))));
      } catch (error) {
        onInvalid(name, error);
      }
    }
    return snapshots;
  }
}
