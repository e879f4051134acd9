/**
 * Every Redis key, channel and queue name the parts share, in one place. All of them
 * live under a deployment prefix (`REDIS_PREFIX`, default `tg:`) so that test runs can
 * share one Redis without seeing each other.
 */
export const redisKeys = {
  /** String: JSON {@link KeyRecord} by the key's hash. */
  keyIndex: (prefix: string, keyHash: string) => `${prefix}key:${keyHash}`,
  /** String: the latest published snapshot version number of a tenant. */
  liveConfigVersion: (prefix: string, tenantId: string) => `${prefix}config:live:${tenantId}`,
  /** String: JSON {@link ConsumerRecord} by tenant and the consumer's external id (JWT/OAuth2 callers). */
  consumerIndex: (prefix: string, tenantId: string, externalId: string) =>
    `${prefix}consumer:${tenantId}:${encodeURIComponent(externalId)}`,
  /**
   * Hash with a TTL, rewritten every few seconds by each gateway process: `gatewayId`,
   * `at` (epoch ms), `startedAt` (epoch ms) and one field `tenant:<tenantId>` = the config
   * version it serves for that tenant. Gone when the process stops heartbeating.
   */
  gatewayHeartbeat: (prefix: string, gatewayId: string) => `${prefix}gateway:heartbeat:${gatewayId}`,
  /** Sorted set of gateway ids by last heartbeat (epoch ms): lists the live ones without SCAN. */
  gatewayHeartbeats: (prefix: string) => `${prefix}gateway:heartbeats`,
  /**
   * String counter: a subscription's quota-counted calls in the period starting at
   * `periodStart` (unix seconds). Incremented by the gateway's limit script, rebuilt from the
   * rollups by the worker after a Redis loss, kept past the period for reconciliation.
   */
  quota: (prefix: string, subscriptionId: string, periodStart: number) =>
    `${prefix}quota:{s:${subscriptionId}}:${periodStart}`,
};

export const redisChannels = {
  configPublished: (prefix: string) => `${prefix}config:published`,
  keyInvalidated: (prefix: string) => `${prefix}keys:invalidated`,
};

export const queueNames = {
  /** Usage batches from the gateways, rolled up by the worker. */
  usage: 'usage',
  /** Housekeeping the worker schedules for itself (request-log partitions, retention). */
  maintenance: 'maintenance',
};

/** BullMQ's own key prefix under the deployment prefix. */
export const bullPrefix = (prefix: string) => `${prefix}bull`;

/** The job name of a usage batch (`<domain>.<action>`). */
export const usageRollupJob = 'usage.rollup';

/** Creates the request log's day partitions ahead and drops those past retention (daily). */
export const requestLogMaintainJob = 'requestlog.maintain';

/** Deletes expired console and developer-portal sessions (daily). */
export const sessionsPruneJob = 'sessions.prune';

/** Restores the gateways' quota counters from the rollups (after a Redis loss; idempotent). */
export const quotaRebuildJob = 'quota.rebuild';

/** Compares the gateways' quota counters with the rollups per subscription and period. */
export const usageReconcileJob = 'usage.reconcile';

/** Recomputes the hourly and daily usage rollups from the minute rollups (every few minutes). */
export const usageDeriveJob = 'usage.derive';
