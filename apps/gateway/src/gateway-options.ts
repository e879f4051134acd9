import type { DestinationStream } from 'pino';
import type { AuthOptions } from './auth/create-auth-services.js';
import type { UpstreamPoolOptions } from './config/upstream-pools.js';
import type { KeyCacheOptions } from './keys/key-cache.js';
import type { ProxyTimeouts } from './pipeline/pipeline-deps.js';
import type { UsageBatcherOptions } from './usage/usage-batcher.js';

/** Tuning that is not (yet) configuration: code defaults, overridable by tests and benchmarks. */
export interface GatewayOptions {
  /** Where log lines go; stdout (asynchronous) by default. */
  logDestination?: DestinationStream;
  proxy?: Partial<ProxyTimeouts>;
  upstreamPools?: Partial<UpstreamPoolOptions>;
  keyCache?: Partial<KeyCacheOptions>;
  /** Invalid-credential counter per IP and the consumer cache (authenticate). */
  auth?: AuthOptions;
  usage?: Partial<UsageBatcherOptions>;
  /** How long Postgres gets at boot before the disk snapshots are used. */
  databaseTimeoutMs?: number;
}

export const defaultProxyTimeouts: ProxyTimeouts = { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 };
export const defaultDatabaseTimeoutMs = 5_000;
