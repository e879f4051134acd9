import { createHash } from 'node:crypto';
import type { UsageBatch, UsageEvent } from '@tollgate/contracts';

/** Where a batch goes (the usage queue); rejects when it could not be handed over. */
export type UsageSink = (batch: UsageBatch) => Promise<void>;

export interface UsageBatcherOptions {
  flushIntervalMs: number;
  /** A batch is sent as soon as it holds this many events. */
  maxEvents: number;
  /** Batches kept for a retry while the sink fails; beyond this the oldest are dropped (and reported). */
  maxPendingBatches: number;
}

export const defaultUsageBatcherOptions: UsageBatcherOptions = {
  flushIntervalMs: 250,
  maxEvents: 500,
  maxPendingBatches: 2_000,
};

/** Deterministic: the same events make the same id, so a batch sent twice counts once. */
export function batchIdOf(events: readonly UsageEvent[]): string {
  const hash = createHash('sha256');
  for (const event of events) hash.update(event.id).update('\n');
  return `bat_${hash.digest('hex')}`;
}

/**
 * Collects usage events in memory and hands them to the sink in batches, every
 * `flushIntervalMs` or at `maxEvents`, whichever comes first. Adding never waits. A batch
 * the sink refused is kept (with its id, so a retry cannot double count) and retried on
 * the next flush. `stop()` flushes what is left.
 */
export class UsageBatcher {
  private events: UsageEvent[] = [];
  private pending: UsageBatch[] = [];
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sink: UsageSink,
    private readonly gatewayId: string,
    private readonly options: UsageBatcherOptions = defaultUsageBatcherOptions,
    private readonly onError: (error: unknown, batch: UsageBatch, droppedEvents: number) => void = () => {},
  ) {}

  start(): void {
    if (this.timer !== null) return;
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

  flush(): Promise<void> {
    const batches = this.pending;
    this.pending = [];
    if (this.events.length > 0) {
      const events = this.events;
      this.events = [];
      batches.push({ batchId: batchIdOf(events), gatewayId: this.gatewayId, events });
    }
    if (batches.length === 0) return Promise.resolve();
    const sent = this.send(batches);
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
    return sent;
  }

  /** Stops the timer, sends what is left and waits for every send in flight. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    await Promise.all([...this.sending]);
  }

  private async send(batches: UsageBatch[]): Promise<void> {
    for (const batch of batches) {
      try {
        await this.sink(batch);
      } catch (error) {
        const dropped =
          this.pending.length >= this.options.maxPendingBatches ? this.pending.shift() : undefined;
        this.pending.push(batch);
        this.onError(error, batch, dropped === undefined ? 0 : dropped.events.length);
      }
    }
  }
}
