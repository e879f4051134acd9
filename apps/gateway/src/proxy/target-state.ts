import type { HealthCheck } from '@tollgate/contracts';
import type { Dispatcher } from 'undici';
import { type BreakerOptions, CircuitBreaker } from './circuit-breaker.js';

/**
 * The health of one upstream target, kept across snapshot swaps (the registry hands the same
 * state to every snapshot with the same target and settings): its circuit breaker, and, when
 * the API configures active health checks, whether the last checks passed.
 */
export class TargetState {
  readonly breaker: CircuitBreaker;
  /** False once active checks (or a connect error, when checks are on) found the target down. */
  healthy = true;
  private passes = 0;
  private fails = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    readonly key: string,
    private readonly dispatcher: Dispatcher,
    private readonly pathPrefix: string,
    breaker: BreakerOptions,
    readonly healthCheck: HealthCheck | null,
  ) {
    this.breaker = new CircuitBreaker(breaker);
  }

  /** Whether the balancer may pick this target now. */
  available(now: number): boolean {
    return this.healthy && this.breaker.isAvailable(now);
  }

  onSuccess(): void {
    this.breaker.onSuccess();
  }

  /** A connect error, timeout or broken connection (passive check). */
  onFailure(now: number, connectError: boolean): void {
    this.breaker.onFailure(now);
    // With active checks on, a refused connection marks the target down until a check passes.
    if (connectError && this.healthCheck !== null) {
      this.healthy = false;
      this.passes = 0;
    }
  }

  startHealthChecks(): void {
    if (this.healthCheck === null || this.timer !== null) return;
    this.timer = setInterval(() => void this.check(), this.healthCheck.intervalMs);
    this.timer.unref();
    void this.check();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One active check: GET the configured path; 2xx/3xx in time is a pass. */
  async check(): Promise<boolean> {
    const settings = this.healthCheck;
    if (settings === null || this.checking) return this.healthy;
    this.checking = true;
    let passed = false;
    try {
      const { statusCode, body } = await this.dispatcher.request({
        method: 'GET',
        path: this.pathPrefix + settings.path,
        headers: { 'user-agent': 'tollgate-health-check' },
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await body.dump();
      passed = statusCode < 400;
    } catch {
      passed = false;
    } finally {
      this.checking = false;
    }
    if (passed) {
      this.fails = 0;
      this.passes++;
      if (!this.healthy && this.passes >= settings.healthyThreshold) this.healthy = true;
    } else {
      this.passes = 0;
      this.fails++;
      if (this.healthy && this.fails >= settings.unhealthyThreshold) this.healthy = false;
    }
    return this.healthy;
  }
}
