import { csvRecord } from '../../common/csv.js';
import type { AuditEventOutput } from './audit.schemas.js';

export type AuditExportFormat = 'csv' | 'ndjson';

export const auditExportContentTypes: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const csvColumns = [
  'id',
  'createdAt',
  'action',
  'actorType',
  'actorId',
  'tokenId',
  'targetType',
  'targetId',
  'requestId',
  'ip',
  'userAgent',
  'before',
  'after',
] as const;

/** The export file as it is written: a CSV header then one record per event, or one JSON object per line. */
export async function* auditExportLines(
  events: AsyncIterable<AuditEventOutput>,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvRecord(csvColumns);
  for await (const event of events) {
    if (format === 'ndjson') {
      yield `${JSON.stringify(event)}\n`;
      continue;
    }
    yield csvRecord([
      event.id,
      event.createdAt,
      event.action,
      event.actor.type,
      event.actor.id,
      event.actor.tokenId,
      event.target.type,
      event.target.id,
      event.requestId,
      event.ip,
      event.userAgent,
      event.before === null ? null : JSON.stringify(event.before),
      event.after === null ? null : JSON.stringify(event.after),
    ]);
  }
}
