import type { AuditEvent } from './console-types';

/** The audit page's filter form as typed: free text, and `datetime-local` values for the range. */
export interface AuditFilterInput {
  action: string;
  actorId: string;
  targetType: string;
  targetId: string;
  /** `YYYY-MM-DDTHH:mm`, the reader's local time; inclusive. */
  from: string;
  /** Exclusive. */
  to: string;
}

export const emptyAuditFilter: AuditFilterInput = {
  action: '',
  actorId: '',
  targetType: '',
  targetId: '',
  from: '',
  to: '',
};

const textFields = ['action', 'actorId', 'targetType', 'targetId'] as const;

/** A `datetime-local` value as an ISO instant; null when it is not a date. */
export function localToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The control plane's filter parameters: blanks left out, the range as ISO instants. */
export function auditFilterParams(filter: AuditFilterInput): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of textFields) {
    const value = filter[field].trim();
    if (value) params.set(field, value);
  }
  for (const field of ['from', 'to'] as const) {
    const iso = filter[field] ? localToIso(filter[field]) : null;
    if (iso) params.set(field, iso);
  }
  return params;
}

/** One page of the list: the filter, then the page size and the cursor of the previous page. */
export function auditPageParams(filter: AuditFilterInput, limit: number, cursor?: string): URLSearchParams {
  const params = auditFilterParams(filter);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params;
}

/** A same-origin link that downloads every matching event (the browser sends the session cookie). */
export function auditExportHref(
  tenantId: string,
  filter: AuditFilterInput,
  format: 'csv' | 'ndjson',
): string {
  const params = auditFilterParams(filter);
  params.set('format', format);
  return `/api/v1/tenants/${encodeURIComponent(tenantId)}/audit-events/export?${params}`;
}

/** Names the audit page knows: the tenant's members by user id, the reader's tokens by token id. */
export interface KnownNames {
  users: ReadonlyMap<string, string>;
  tokens: ReadonlyMap<string, string>;
}

/** Who acted, in words: a member by email, else type and id; and the personal access token used, if any. */
export function describeActor(actor: AuditEvent['actor'], names: KnownNames): string {
  const user = actor.type === 'user' && actor.id ? names.users.get(actor.id) : undefined;
  const who = user ?? (actor.id ? `${actor.type} ${actor.id}` : actor.type);
  if (!actor.tokenId) return who;
  const name = names.tokens.get(actor.tokenId);
  return `${who} via token ${name ? `“${name}”` : actor.tokenId}`;
}

function shortValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * What changed, one line per field: `role: developer → admin`, `name: “ci”` for a creation,
 * `was: …` for a deletion. Summaries never hold secrets (the control plane leaves them out).
 */
export function changeLines(before: unknown, after: unknown): string[] {
  const old = fieldsOf(before);
  const now = fieldsOf(after);
  const names = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  const lines: string[] = [];
  for (const name of names) {
    const had = name in old;
    const has = name in now;
    if (had && has) {
      const from = shortValue(old[name]);
      const to = shortValue(now[name]);
      if (from !== to) lines.push(`${name}: ${from} → ${to}`);
    } else if (has) {
      lines.push(`${name}: ${shortValue(now[name])}`);
    } else {
      lines.push(`${name} was ${shortValue(old[name])}`);
    }
  }
  return lines;
}
