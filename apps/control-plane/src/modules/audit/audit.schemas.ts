import { z } from 'zod';

const id = z.string().min(1).max(128);

/** Which events: every filter given must match. `from` is inclusive, `to` exclusive. */
export const auditFilterSchema = z.strictObject({
  /** `<domain>.<verb>`, e.g. `key.revoked`. */
  action: z.string().min(1).max(100).optional(),
  /** The user (or consumer account) who acted. */
  actorId: id.optional(),
  /** e.g. `key`, `plan`, `membership`. */
  targetType: z.string().min(1).max(100).optional(),
  targetId: id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** `GET /audit-events`: newest first, `limit` per page; pass `nextCursor` back as `cursor` for the next page. */
export const listAuditEventsQuerySchema = auditFilterSchema.extend({
  cursor: z.string().min(1).max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAuditEventsQuery = z.output<typeof listAuditEventsQuerySchema>;

/** `GET /audit-events/export`: every matching event, newest first, streamed as CSV or NDJSON. */
export const exportAuditEventsQuerySchema = auditFilterSchema.extend({
  format: z.enum(['csv', 'ndjson']).default('csv'),
});
export type ExportAuditEventsQuery = z.output<typeof exportAuditEventsQuerySchema>;

export const auditEventOutputSchema = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    action: z.string(),
    actor: z.object({
      /** `user`, `consumer`, `system`, `stripe`, `api_key`. */
      type: z.string(),
      id: z.string().nullable(),
      /** The personal access token the change was made with. */
      tokenId: z.string().nullable(),
    }),
    target: z.object({ type: z.string(), id: z.string() }),
    /** Summaries of the object before and after the change; never secrets. */
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEventOutput = z.infer<typeof auditEventOutputSchema>;

export const auditEventPageSchema = z
  .object({
    data: z.array(auditEventOutputSchema),
    /** Null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AuditEventPage' });
export type AuditEventPage = z.infer<typeof auditEventPageSchema>;

/** `GET /audit-events/export?format=csv`: a header row, then one row per event (`before`/`after` as JSON). */
export const auditCsvSchema = z.string().describe('CSV: a header row, then one row per event, newest first');

/** `GET /audit-events/export?format=ndjson`: one `AuditEvent` JSON object per line. */
export const auditNdjsonSchema = z.string().describe('One AuditEvent JSON object per line, newest first');
