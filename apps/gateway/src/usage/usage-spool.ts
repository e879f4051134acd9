import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type UsageBatch, usageBatchSchema } from '@tollgate/contracts';

export interface UsageSpoolOptions {
  dir: string;
  /** Bound on the spool's total size; a batch that would pass it is refused (and reported). */
  maxBytes: number;
}

/** A spooled batch: its file name orders it (oldest first). */
export interface SpooledBatch {
  name: string;
  bytes: number;
}

const spoolName = /^\d{15}-\d{6}-[A-Za-z0-9_]+\.json$/;

/**
 * Usage batches that could not reach the queue, on local disk until they can: one file
 * per batch, written atomically (temporary file, fsync, rename, directory fsync) so a
 * crash leaves either the whole batch or nothing. Names start with the time and a
 * sequence number, so replay goes oldest first. Several processes may share a directory:
 * a file another one replayed first is simply gone (ENOENT is not an error), and a batch
 * replayed twice is one job (`jobId = batchId`) and counts once in the worker.
 */
export class UsageSpool {
  private bytes = 0;
  private sequence = 0;
  /** Files known to be waiting, oldest first (refreshed from the directory at each replay). */
  private known: SpooledBatch[] = [];

  constructor(private readonly options: UsageSpoolOptions) {}

  get dir(): string {
    return this.options.dir;
  }

  /** Bytes of batches waiting on disk (as far as this process knows). */
  get size(): number {
    return this.bytes;
  }

  /** Batches waiting on disk (as far as this process knows). */
  get count(): number {
    return this.known.length;
  }

  /** Creates the directory, drops temporary files of a crashed write, and counts what waits. */
  async init(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.options.dir)) {
      if (name.endsWith('.tmp')) await rm(join(this.options.dir, name), { force: true });
    }
    await this.list();
  }

  /**
   * Writes a batch durably. Returns false, writing nothing, when it would pass `maxBytes`.
   * Rejects on a disk error.
   */
  async write(batch: UsageBatch): Promise<boolean> {
    const body = JSON.stringify(batch);
    const bytes = Buffer.byteLength(body);
    if (this.bytes + bytes > this.options.maxBytes) return false;
    const seq = String(this.sequence++ % 1_000_000).padStart(6, '0');
    const name = `${String(Date.now()).padStart(15, '0')}-${seq}-${safe(batch.batchId)}.json`;
    const target = join(this.options.dir, name);
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(body);
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await file.close();
    await rename(temporary, target);
    await syncDirectory(this.options.dir);
    this.bytes += bytes;
    this.known.push({ name, bytes });
    return true;
  }

  /** The waiting batches, oldest first, read from the directory (other processes' too). */
  async list(): Promise<SpooledBatch[]> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const batches: SpooledBatch[] = [];
    let bytes = 0;
    for (const name of names.filter((n) => spoolName.test(n)).sort()) {
      try {
        const size = (await stat(join(this.options.dir, name))).size;
        batches.push({ name, bytes: size });
        bytes += size;
      } catch {
        // Replayed by another process meanwhile.
      }
    }
    this.known = batches;
    this.bytes = bytes;
    // A copy: removing entries while the caller walks the list must not skip any.
    return [...batches];
  }

  /** Reads a spooled batch; null when it is gone, or unreadable (then it is moved aside). */
  async read(spooled: SpooledBatch): Promise<UsageBatch | null> {
    const path = join(this.options.dir, spooled.name);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = usageBatchSchema.safeParse(safeJson(raw));
    if (parsed.success) return parsed.data;
    // Never replayed, never deleted: kept for a human to look at.
    await rename(path, `${path}.invalid`).catch(() => {});
    this.forget(spooled);
    return null;
  }

  /** Deletes a batch once it is in the queue. */
  async remove(spooled: SpooledBatch): Promise<void> {
    await rm(join(this.options.dir, spooled.name), { force: true });
    this.forget(spooled);
  }

  private forget(spooled: SpooledBatch): void {
    const at = this.known.findIndex((entry) => entry.name === spooled.name);
    if (at !== -1) {
      this.known.splice(at, 1);
      this.bytes -= spooled.bytes;
    }
  }
}

function safe(batchId: string): string {
  return batchId.replace(/[^A-Za-z0-9_]/g, '_');
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** Makes the rename itself durable (the directory entry), where the platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms refuse fsync on a directory; the file itself is already synced.
  } finally {
    await handle?.close();
  }
}
