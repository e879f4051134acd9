import type { UsageEvent } from '@tollgate/contracts';
import type { Logger } from 'pino';
import type { SnapshotStore } from '../config/snapshot-store.js';
import type { CachedKey } from '../keys/key-cache.js';

/** What the stages need from the rest of the gateway, built once at boot. */
export interface PipelineDeps {
  /** `.` + GATEWAY_DOMAIN: a host `{slug}<domainSuffix>` names a tenant. */
  domainSuffix: string;
  snapshots: SnapshotStore;
  keys: { lookup(keyHash: string): CachedKey | null | Promise<CachedKey | null> };
  keyPepper: string;
  proxy: ProxyTimeouts;
  usage: { add(event: UsageEvent): void };
  accessLog: Logger;
}

export interface ProxyTimeouts {
  /** Wait for the upstream's response headers (undici `headersTimeout`). */
  headersTimeoutMs: number;
  /** Longest gap between two body chunks of the upstream's response. */
  bodyTimeoutMs: number;
}
