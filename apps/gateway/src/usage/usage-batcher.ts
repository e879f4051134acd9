import { createHash } from 'node:crypto';
import type { UsageBatch, UsageEvent } from '@tollgate/contracts';
import type { UsageSpool } from './usage-spool.js';

/** Where a batch goes (the usage queue); rejects when it could not be handed over. */
export type UsageSink = (batch: UsageBatch) => Promise<void>;

export interface UsageBatcherOptions {
  flushIntervalMs: number;
  /** A batch is sent as soon as it holds this many events. */
  maxEvents: number;
  /** Batches kept in memory for a retry when they can be neither queued nor spooled; beyond this the oldest are dropped (and reported). */
  maxPendingBatches: number;
  /** A send not confirmed within this long counts as failed (the batch is spooled; a late success is deduplicated by its id). */
  sendTimeoutMs: number;
}

export const defaultUsageBatcherOptions: UsageBatcherOptions = {
  flushIntervalMs: 250,
  maxEvents: 500,
  maxPendingBatches: 2_000,
  sendTimeoutMs: 2_000,
};

/** What the batcher reports (to the log and the metrics). */
export interface UsageBatcherReport {
  /** A batch could not be queued nor spooled: kept in memory (`droppedEvents` > 0 when the memory bound dropped older ones). */
  error?: (error: unknown, batch: UsageBatch, droppedEvents: number) => void;
  /** A batch could not be queued and went to the disk spool. */
  spooled?: (batch: UsageBatch, cause: unknown) => void;
  /** The disk spool is full (or failed): the batch stays in memory. */
  spoolRefused?: (batch: UsageBatch, cause: unknown) => void;
  /** The spool directory could not be prepared at start: batches that cannot be queued stay in memory. */
  spoolFailed?: (error: unknown) => void;
  /** Spooled batches reached the queue. */
  replayed?: (batches: number, events: number) => void;
}

/** Deterministic: the same events make the same id, so a batch sent twice counts once. */
export function batchIdOf(events: readonly UsageEvent[]): string {
  const hash = createHash('sha256');
  for (const event of events) hash.update(event.id).update('\n');
  return `bat_${hash.digest('hex')}`;
}

/**
 * Collects usage events in memory and hands them to the sink in batches, every
 * `flushIntervalMs` or at `maxEvents`, whichever comes first. Adding never waits.
 * A batch the sink refused (Redis down) goes to the disk spool, and the spool is replayed,
 * oldest first, as soon as a send succeeds again; only when the spool cannot take it
 * (full, disk error, none configured) is it kept in memory for the next flush. A batch
 * keeps its id wherever it waits, so a retry cannot double count. `stop()` flushes what is left.
 */
export class UsageBatcher {
  private events: UsageEvent[] = [];
  private pending: UsageBatch[] = [];
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private spoolReady: Promise<void> | null = null;
  private replaying: Promise<void> | null = null;
  /** Set when a batch was spooled (or the spool had files at boot): a replay is due. */
  private replayDue = false;
  private spoolBroken = false;
  private report: UsageBatcherReport;

  constructor(
    private readonly sink: UsageSink,
    private readonly gatewayId: string,
    private readonly options: UsageBatcherOptions = defaultUsageBatcherOptions,
    report: UsageBatcherReport | UsageBatcherReport['error'] = {},
    private readonly spool: UsageSpool | null = null,
  ) {
    this.report = typeof report === 'function' ? { error: report } : report;
  }

  start(): void {
    if (this.timer !== null) return;
    if (this.spool !== null && this.spoolReady === null) {
      const spool = this.spool;
      this.spoolReady = spool.init().then(
        () => {
          // Batches left by an earlier run (or another process): replay them.
          if (spool.count > 0) this.replayDue = true;
        },
        (error: unknown) => {
          this.spoolBroken = true;
          this.report.spoolFailed?.(error);
        },
      );
    }
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  add(event: UsageEvent): void {
    this.events.push(event);
    if (this.events.length >= this.options.maxEvents) void this.flush();
  }

  /** Events waiting in memory, including those of batches waiting for a retry. */
  get backlog(): number {
    let count = this.events.length;
    for (const batch of this.pending) count += batch.events.length;
    return count;
  }

  /** Batches waiting in the disk spool (as far as this process knows). */
  get spooled(): number {
    return this.spool === null ? 0 : this.spool.count;
  }

  flush(): Promise<void> {
    const batches = this.pending;
    this.pending = [];
    if (this.events.length > 0) {
      const events = this.events;
      this.events = [];
      batches.push({ batchId: batchIdOf(events), gatewayId: this.gatewayId, events });
    }
    if (batches.length === 0) {
      if (this.replayDue) return this.track(this.replay());
      return Promise.resolve();
    }
    return this.track(this.send(batches));
  }

  /** Stops the timer, sends what is left and waits for every send (and replay) in flight. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    await Promise.all([...this.sending]);
    await this.replaying;
  }

  private track(sent: Promise<void>): Promise<void> {
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
    return sent;
  }

  private async send(batches: UsageBatch[]): Promise<void> {
    let delivered = false;
    for (const batch of batches) {
      try {
        await this.sinkWithTimeout(batch);
        delivered = true;
      } catch (error) {
        await this.keep(batch, error);
      }
    }
    // The queue answers again: bring the spooled batches over.
    if (delivered && this.replayDue) await this.replay();
  }

  /** A batch the sink refused: to the spool, or (spool full or failing) into memory. */
  private async keep(batch: UsageBatch, cause: unknown): Promise<void> {
    if (this.spool !== null) {
      try {
        await this.spoolReady;
        if (this.spoolBroken) throw new Error(`usage spool ${this.spool.dir} unavailable`);
        if (await this.spool.write(batch)) {
          this.replayDue = true;
          this.report.spooled?.(batch, cause);
          return;
        }
        this.report.spoolRefused?.(
          batch,
          new Error(`usage spool full (${this.spool.size} bytes in ${this.spool.dir})`),
        );
      } catch (error) {
        this.report.spoolRefused?.(batch, error);
      }
    }
    const dropped = this.pending.length >= this.options.maxPendingBatches ? this.pending.shift() : undefined;
    this.pending.push(batch);
    this.report.error?.(cause, batch, dropped === undefined ? 0 : dropped.events.length);
  }

  /** One replay at a time: the spooled batches, oldest first, until one fails again. */
  private replay(): Promise<void> {
    if (this.replaying === null) {
      this.replaying = this.replaySpool().finally(() => {
        this.replaying = null;
      });
    }
    return this.replaying;
  }

  private async replaySpool(): Promise<void> {
    const spool = this.spool;
    if (spool === null) return;
    await this.spoolReady;
    if (this.spoolBroken) return;
    this.replayDue = false;
    let batches = 0;
    let events = 0;
    try {
      for (const spooled of await spool.list()) {
        const batch = await spool.read(spooled);
        if (batch === null) continue;
        await this.sinkWithTimeout(batch);
        await spool.remove(spooled);
        batches++;
        events += batch.events.length;
      }
    } catch {
      // Still unreachable: the rest waits for the next successful send.
      this.replayDue = true;
    } finally {
      if (batches > 0) this.report.replayed?.(batches, events);
    }
  }

  private sinkWithTimeout(batch: UsageBatch): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`usage queue did not confirm within ${this.options.sendTimeoutMs} ms`)),
        this.options.sendTimeoutMs,
      );
    });
    return Promise.race([this.sink(batch), timeout]).finally(() => clearTimeout(timer));
  }
}
