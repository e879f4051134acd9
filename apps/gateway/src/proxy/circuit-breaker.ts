export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** Open time before one trial request is let through. */
  coolDownMs: number;
}

/**
 * A circuit breaker for one upstream target. Closed: traffic flows, failures in a row are
 * counted. Open (threshold reached): no traffic until the cool-down has passed. Half-open:
 * exactly one trial request; its success closes the breaker, its failure opens it again.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  failures = 0;
  openedAt = 0;
  private trialInFlight = false;

  constructor(private readonly options: BreakerOptions) {}

  /** Whether a request may go to the target now; a half-open breaker admits one trial. */
  tryPass(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (now - this.openedAt < this.options.coolDownMs) return false;
      this.state = 'half-open';
      this.trialInFlight = false;
    }
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** Without side effects: could a request pass now (for picking a target)? */
  isAvailable(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') return now - this.openedAt >= this.options.coolDownMs;
    return !this.trialInFlight;
  }

  onSuccess(): void {
    this.state = 'closed';
    this.failures = 0;
    this.trialInFlight = false;
  }

  onFailure(now: number): void {
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.state = 'open';
      this.openedAt = now;
      this.trialInFlight = false;
    }
  }
}
