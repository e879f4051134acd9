import type { Logger } from 'pino';
import type { LimitStore } from './limit-store.js';
import { TenantConcurrency } from './tenant-concurrency.js';

/** What the limit stage needs, built once at boot. */
export interface LimitDeps {
  store: LimitStore;
  concurrency: TenantConcurrency;
  /** Default per-tenant cap on calls in progress on this process (a tenant's snapshot may set its own). */
  maxConcurrent: number;
  /** REDIS_PREFIX: limit keys live under it. */
  redisPrefix: string;
  /** A failed or timed-out limit check (the fail modes then apply): for the log, throttled by the caller. */
  onStoreError(error: unknown): void;
}

/** Logs at most one store failure per `intervalMs`, with how many were left out. */
export function throttledErrorLog(
  log: (error: unknown, suppressed: number) => void,
  intervalMs = 1_000,
): (error: unknown) => void {
  let last = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    last = now;
    log(error, suppressed);
    suppressed = 0;
  };
}

/** The gateway's limit dependencies from its environment and its limits connection. */
export function createLimitDeps(
  env: { GATEWAY_TENANT_MAX_CONCURRENT: number; REDIS_PREFIX: string },
  store: LimitStore,
  logger: Logger,
): LimitDeps {
  return {
    store,
    concurrency: new TenantConcurrency(),
    maxConcurrent: env.GATEWAY_TENANT_MAX_CONCURRENT,
    redisPrefix: env.REDIS_PREFIX,
    onStoreError: throttledErrorLog((error, suppressed) =>
      logger.warn({ err: error, suppressed }, 'limit check failed; fail modes applied'),
    ),
  };
}
