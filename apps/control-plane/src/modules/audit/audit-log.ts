import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import type { AuditActor } from './audit-actor.js';
import { Transactions } from './transactions.js';

export interface AuditEntry {
  /** Null for platform-level events (a sign-up before its tenant exists). */
  tenantId: string | null;
  actor: AuditActor;
  /** `<domain>.<verb>` in the past tense, e.g. `key.revoked`, `plan.version_created`. */
  action: string;
  target: { type: string; id: string };
  /** A summary of the object before/after the change; never secrets or hashes. */
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
}

/**
 * The append-only audit log. `record` must run inside `Transactions.run` with the change it
 * describes, so a change that rolls back leaves no audit row and no change goes unrecorded.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly transactions: Transactions) {}

  async record(entry: AuditEntry): Promise<void> {
    if (!this.transactions.active) {
      throw new Error(`audit event ${entry.action} recorded outside a transaction`);
    }
    const { actor } = entry;
    await this.transactions.client.auditEvent.create({
      data: {
        id: newId('auditEvent'),
        tenantId: entry.tenantId,
        actorType: actor.type,
        actorId: actor.id,
        tokenId: actor.tokenId,
        action: entry.action,
        targetType: entry.target.type,
        targetId: entry.target.id,
        ...(entry.before == null ? {} : { before: entry.before }),
        ...(entry.after == null ? {} : { after: entry.after }),
        requestId: actor.requestId,
        ip: actor.ip,
        userAgent: actor.userAgent,
      },
    });
  }
}
