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
};

export const redisChannels = {
  configPublished: (prefix: string) => `${prefix}config:published`,
  keyInvalidated: (prefix: string) => `${prefix}keys:invalidated`,
};

export const queueNames = {
  /** Usage batches from the gateways, rolled up by the worker. */
  usage: 'usage',
};

/** BullMQ's own key prefix under the deployment prefix. */
export const bullPrefix = (prefix: string) => `${prefix}bull`;

/** The job name of a usage batch (`<domain>.<action>`). */
export const usageRollupJob = 'usage.rollup';
