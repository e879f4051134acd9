import type { Prisma } from '@tollgate/db';
import { type DomainSnapshotConfig, sealedKeyOf } from './domain-snapshot.js';

/**
 * The tenant's verified domains and certificates, read inside the release transaction
 * (`ReleaseTransaction.loadConfig`), so a version holds exactly the domains committed before it.
 */
export async function loadDomainSnapshotConfig(
  tx: Prisma.TransactionClient,
  tenantId: string,
): Promise<DomainSnapshotConfig> {
  const rows = await tx.customDomain.findMany({
    where: { tenantId, status: 'verified' },
    select: { hostname: true, certPem: true, keySealed: true },
  });
  return { verified: rows.map((row) => ({ ...row, keySealed: sealedKeyOf(row.keySealed) })) };
}
