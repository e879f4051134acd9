import type { SecretBox } from '@tollgate/secrets';
import type { SnapshotPublisher } from '../projections/snapshot-publisher.service.js';
import type { ResealRegistry, ResealResult } from './reseal-registry.js';

export interface ResealReport {
  kinds: Array<{ kind: string } & Omit<ResealResult, 'tenantIds'>>;
  /** Tenants republished so their snapshots carry the resealed secrets. */
  republished: string[];
}

/**
 * Step 3 of a master key rotation (docs/secrets.md): every registered kind of stored secret is
 * sealed again under the current master key (`box` opens the old ones with `PREVIOUS_MASTER_KEYS`),
 * then each tenant whose snapshot carries one is republished, so the gateways stop needing the
 * old key once they load the new versions. Safe to run again: a secret already under the current
 * key is left as it is.
 */
export async function resealSecrets(
  registry: ResealRegistry,
  box: SecretBox,
  publisher: Pick<SnapshotPublisher, 'publish'>,
): Promise<ResealReport> {
  const kinds: ResealReport['kinds'] = [];
  const tenants = new Set<string>();
  for (const kind of registry.kinds) {
    const { tenantIds, ...counts } = await kind.reseal(box);
    kinds.push({ kind: kind.kind, ...counts });
    for (const tenantId of tenantIds) tenants.add(tenantId);
  }
  const republished = [...tenants].sort();
  for (const tenantId of republished)
    await publisher.publish(tenantId, {
      createdBy: 'system',
      reason: 'secrets.resealed (master key rotation)',
    });
  return { kinds, republished };
}
