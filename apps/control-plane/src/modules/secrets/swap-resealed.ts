import { systemActor } from '../audit/audit-actor.js';
import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { Transactions } from '../audit/transactions.js';

/**
 * Stores one row's resealed secret(s) and records it as the system, in one transaction. `swap`
 * compares and sets: false when the row changed since it was read (a member replaced the secret
 * meanwhile), and then nothing is recorded; the next run picks the row up.
 */
export function swapResealed(
  transactions: Transactions,
  audit: AuditLog,
  swap: () => Promise<boolean>,
  event: Omit<AuditEntry, 'actor'>,
): Promise<boolean> {
  return transactions.run(async () => {
    if (!(await swap())) return false;
    await audit.record({ ...event, actor: systemActor });
    return true;
  });
}
