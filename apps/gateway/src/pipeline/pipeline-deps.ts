import type { UsageEvent } from '@tollgate/contracts';
import type { Logger } from 'pino';
import type { AuthServices } from '../auth/auth-services.js';
import type { SnapshotStore } from '../config/snapshot-store.js';
import type { EdgeDeps } from '../edge/edge-settings.js';
import type { AccessLog } from '../infra/access-log.js';
import type { CachedKey } from '../keys/key-cache.js';
import type { LimitDeps } from '../limits/limit-deps.js';
import type { GatewayMetrics } from '../observability/gateway-metrics.js';
import type { ResponseCache } from '../proxy/response-cache.js';

/** What the stages need from the rest of the gateway, built once at boot. */
export interface PipelineDeps {
  /** `.` + GATEWAY_DOMAIN: a host `{slug}<domainSuffix>` names a tenant. */
  domainSuffix: string;
  snapshots: SnapshotStore;
  /** Trusted proxies, the default body limit, custom domains (receive/resolve). */
  edge: EdgeDeps;
  keys: {
    lookup(keyHash: string): CachedKey | null | Promise<CachedKey | null>;
    /** A fresh cached answer without any I/O, `undefined` when there is none. */
    peek?(keyHash: string): CachedKey | null | undefined;
  };
  /** Invalid-attempt counter per IP, consumer index, JWT/OAuth2 checkers (authenticate). */
  auth: AuthServices;
  keyPepper: string;
  /** Rate limit, quota and API-wide limit store, per-tenant concurrency (limit). */
  limits: LimitDeps;
  proxy: ProxyTimeouts;
  /** The per-route response cache in Redis (proxy); absent in unit tests. */
  responseCache?: ResponseCache;
  usage: { add(event: UsageEvent): void };
  accessLog: Logger;
  /** The same destination, access lines without an error written as one string (log stage); absent in unit tests. */
  accessLines?: AccessLog;
  /** Request counts and latency by tenant/route/status for `/metrics` (log stage); absent in unit tests. */
  metrics?: GatewayMetrics;
}

export interface ProxyTimeouts {
  /** Wait for the upstream's response headers (undici `headersTimeout`). */
  headersTimeoutMs: number;
  /** Longest gap between two body chunks of the upstream's response. */
  bodyTimeoutMs: number;
}
