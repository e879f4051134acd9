import { type KeyRecord, keyRecordSchema } from '@tollgate/contracts';
import type { KeyIndexRow } from './key-index.repository.js';

/** The key index entry for a key row (validated, so a bad row fails here and not in the gateway). */
export function toKeyRecord(row: KeyIndexRow): KeyRecord {
  return keyRecordSchema.parse({
    keyId: row.id,
    tenantId: row.tenantId,
    consumerId: row.consumerId,
    subscriptionId: row.subscriptionId,
    planId: row.subscription.planId,
    planVersion: row.subscription.planVersion.version,
    environment: row.environment,
    status: row.status,
    prefix: row.prefix,
    scopes: row.scopes,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    graceEndsAt: row.graceEndsAt?.toISOString() ?? null,
    ipRules: row.ipAllow.length + row.ipDeny.length === 0 ? null : { allow: row.ipAllow, deny: row.ipDeny },
    subscriptionStatus: row.subscription.status,
    // Anchors the subscription's monthly quota in the gateway.
    quotaPeriod: {
      start: row.subscription.currentPeriodStart.toISOString(),
      end: row.subscription.currentPeriodEnd.toISOString(),
    },
  });
}
