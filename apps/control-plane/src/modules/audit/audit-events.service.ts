import { Injectable } from '@nestjs/common';
import { validationFailed } from '../../common/validation.js';
import type { TenantScope } from '../tenancy/tenant-access.js';
import type { AuditEventOutput, AuditEventPage, AuditFilter, ListAuditEventsQuery } from './audit.schemas.js';
import {
  type AuditEventQuery,
  type AuditEventRow,
  AuditEventsRepository,
  type AuditPosition,
} from './audit-events.repository.js';

/** Rows read per query while exporting. */
const exportPageSize = 500;

/** The tenant's audit log, for owners and admins: pages for the console, a stream for exports. */
@Injectable()
export class AuditEventsService {
  constructor(private readonly events: AuditEventsRepository) {}

  async list(access: TenantScope, query: ListAuditEventsQuery): Promise<AuditEventPage> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    // One more than asked: whether a next page exists without a count.
    const rows = await this.events.page(access.tenantId, eventQuery(query), after, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map(auditEventOutput),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  /** Every matching event, newest first, read a page at a time (the export streams them as they come). */
  async *all(access: TenantScope, filter: AuditFilter): AsyncGenerator<AuditEventOutput> {
    const query = eventQuery(filter);
    let after: AuditPosition | null = null;
    for (;;) {
      const rows = await this.events.page(access.tenantId, query, after, exportPageSize);
      for (const row of rows) yield auditEventOutput(row);
      const last = rows.at(-1);
      if (rows.length < exportPageSize || !last) return;
      after = last;
    }
  }
}

function eventQuery(filter: AuditFilter): AuditEventQuery {
  const { from, to, ...exact } = filter;
  return {
    ...(exact.action === undefined ? {} : { action: exact.action }),
    ...(exact.actorId === undefined ? {} : { actorId: exact.actorId }),
    ...(exact.targetType === undefined ? {} : { targetType: exact.targetType }),
    ...(exact.targetId === undefined ? {} : { targetId: exact.targetId }),
    ...(from === undefined ? {} : { from: new Date(from) }),
    ...(to === undefined ? {} : { to: new Date(to) }),
  };
}

/** Opaque to callers: the position of the last event of a page. */
function encodeCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

function decodeCursor(cursor: string): AuditPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = new Date(String(createdAt));
    if (typeof id === 'string' && typeof createdAt === 'string' && !Number.isNaN(at.getTime()))
      return { createdAt: at, id };
  } catch {
    // Falls through to the refusal below.
  }
  throw validationFailed([{ path: 'cursor', message: 'Not a cursor from this list' }]);
}

function auditEventOutput(row: AuditEventRow): AuditEventOutput {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    action: row.action,
    actor: { type: row.actorType, id: row.actorId, tokenId: row.tokenId },
    target: { type: row.targetType, id: row.targetId },
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
  };
}
