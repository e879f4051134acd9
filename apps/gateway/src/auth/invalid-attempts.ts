/**
 * Counts invalid-credential attempts per client address, in process, over a sliding
 * window (two fixed windows, the previous one weighted by how much of it still overlaps:
 * O(1) memory per address). Once an address reaches the limit, authenticate answers 429
 * without any lookup, so a flood of made-up keys from one client stops costing Redis reads.
 */
export interface InvalidAttemptsOptions {
  /** Attempts per window before an address is refused. */
  limit: number;
  windowMs: number;
  /** Bound on tracked addresses; the oldest goes first. */
  maxClients: number;
}

export const defaultInvalidAttemptsOptions: InvalidAttemptsOptions = {
  limit: 20,
  windowMs: 60_000,
  maxClients: 100_000,
};

interface Counter {
  /** Start of the current fixed window. */
  windowStart: number;
  current: number;
  previous: number;
}

export class InvalidAttempts {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly options: InvalidAttemptsOptions = defaultInvalidAttemptsOptions) {}

  /** Seconds until the address may try again, or 0 when it is not refused. Cheap when nobody failed. */
  retryAfterSeconds(ip: string, now: number): number {
    if (this.counters.size === 0) return 0;
    const counter = this.counters.get(ip);
    if (counter === undefined) return 0;
    this.roll(counter, now);
    if (this.estimate(counter, now) < this.options.limit) return 0;
    // Conservative: by the end of the next window the previous one no longer counts.
    const left = counter.windowStart + this.options.windowMs - now;
    return Math.max(
      1,
      Math.ceil((left + (counter.current >= this.options.limit ? this.options.windowMs : 0)) / 1000),
    );
  }

  record(ip: string, now: number): void {
    let counter = this.counters.get(ip);
    if (counter === undefined) {
      if (this.counters.size >= this.options.maxClients) {
        const oldest = this.counters.keys().next();
        if (oldest.done !== true) this.counters.delete(oldest.value);
      }
      counter = { windowStart: now, current: 0, previous: 0 };
      this.counters.set(ip, counter);
    }
    this.roll(counter, now);
    counter.current++;
  }

  get size(): number {
    return this.counters.size;
  }

  private roll(counter: Counter, now: number): void {
    const { windowMs } = this.options;
    const elapsed = now - counter.windowStart;
    if (elapsed < windowMs) return;
    const windows = Math.floor(elapsed / windowMs);
    counter.previous = windows === 1 ? counter.current : 0;
    counter.current = 0;
    counter.windowStart += windows * windowMs;
  }

  private estimate(counter: Counter, now: number): number {
    const overlap = 1 - (now - counter.windowStart) / this.options.windowMs;
    return counter.current + counter.previous * overlap;
  }
}
