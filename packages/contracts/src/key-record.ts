import { z } from 'zod';
import { ipRulesSchema } from './snapshot/auth.js';

/**
 * The key index entry: what the gateway needs to know about a key, projected into Redis
 * by the control plane (stored under {@link redisKeys.keyIndex}, by the key's hash) and
 * rebuildable from Postgres at any time.
 */
export const keyStatusSchema = z.enum(['active', 'revoked']);
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const keyRecordSchema = z.object({
  keyId: z.string(),
  tenantId: z.string(),
  consumerId: z.string(),
  subscriptionId: z.string(),
  planId: z.string(),
  planVersion: z.int().positive(),
  environment: z.enum(['live', 'test']),
  status: keyStatusSchema,
  /** Display prefix, e.g. `tg_live_AbC123`: safe to log. */
  prefix: z.string(),
  /** API ids this key may call; empty means every API of its plan. */
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  /** While a rotation's grace period runs, the old key stays valid until this instant. */
  graceEndsAt: z.iso.datetime().nullable(),
  /**
   * The subscription's current billing period, which anchors its monthly quota. Absent or
   * null (older records, no period): the gateway counts the quota per calendar month, UTC.
   */
  /** Client IPs this key may be used from (null or absent: anywhere). */
  ipRules: ipRulesSchema.nullable().optional(),
  /** The subscription's status; a key of a canceled or incomplete subscription is refused. */
  subscriptionStatus: z.enum(['trialing', 'active', 'past_due', 'canceled', 'incomplete']).optional(),
  quotaPeriod: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }).nullable().optional(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

/** Published on {@link redisChannels.keyInvalidated} when a key record changes or goes. */
export const keyInvalidatedNoticeSchema = z.object({ keyHash: z.string() });
export type KeyInvalidatedNotice = z.infer<typeof keyInvalidatedNoticeSchema>;
