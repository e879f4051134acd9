'use client';

import { useCallback, useEffect, useState } from 'react';
import {
  type AuditFilterInput,
  auditExportHref,
  auditPageParams,
  changeLines,
  describeActor,
  emptyAuditFilter,
  type KnownNames,
} from '@/lib/audit-query';
import { consoleApi } from '@/lib/console-api';
import { can } from '@/lib/console-permissions';
import type { AuditEvent } from '@/lib/console-types';
import { formatDate } from '@/lib/format-date';
import { AuditFilters } from './audit-filters';
import { ConsoleProblemAlert } from './console-problem-alert';
import { DataTable } from './data-table';
import { cellClass, secondaryButtonClass } from './form-styles';
import { PageSection } from './page-section';
import { useSession } from './session-provider';

const pageSize = 50;

/** The tenant's audit log (owners and admins): filters, pages newest first, CSV and NDJSON export. */
export function AuditView() {
  const { tenant, onUnauthenticated } = useSession();
  const tenantId = tenant.tenantId;
  const [filter, setFilter] = useState<AuditFilterInput>(emptyAuditFilter);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [names, setNames] = useState<KnownNames>({ users: new Map(), tokens: new Map() });

  const loadPage = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const page = await consoleApi.listAuditEvents(
          tenantId,
          auditPageParams(filter, pageSize, after ?? undefined),
        );
        setEvents((current) => (after ? [...(current ?? []), ...page.data] : page.data));
        setCursor(page.nextCursor);
        setError(null);
      } catch (failure) {
        onUnauthenticated(failure);
        setError(failure);
      } finally {
        setLoading(false);
      }
    },
    [tenantId, filter, onUnauthenticated],
  );

  useEffect(() => {
    void loadPage(null);
  }, [loadPage]);

  // Members by email and the reader's own tokens by name; without them the log shows ids.
  useEffect(() => {
    consoleApi.listMembers(tenantId).then(
      (members) =>
        setNames((known) => ({ ...known, users: new Map(members.map((m) => [m.userId, m.email])) })),
      () => undefined,
    );
    consoleApi.listTokens().then(
      (tokens) => setNames((known) => ({ ...known, tokens: new Map(tokens.map((t) => [t.id, t.name])) })),
      () => undefined,
    );
  }, [tenantId]);

  const actions = [...new Set((events ?? []).map((event) => event.action))].sort();
  return (
    <PageSection
      id="audit-title"
      title="Audit log"
      actions={
        <div className="flex gap-3 text-sm">
          <a href={auditExportHref(tenantId, filter, 'csv')} className={secondaryButtonClass} download>
            Export CSV
          </a>
          <a href={auditExportHref(tenantId, filter, 'ndjson')} className={secondaryButtonClass} download>
            Export NDJSON
          </a>
        </div>
      }
    >
      <p className="text-sm text-slate-600">
        Every change in {tenant.tenantName}: who made it, when, from where, and what it changed. Exports hold
        every event that matches the filters.
        {can(tenant.role, 'audit.read') ? null : ' Only owners and admins can read it.'}
      </p>
      <AuditFilters value={filter} actions={actions} onApply={setFilter} />
      <ConsoleProblemAlert error={error} />
      {events?.length === 0 ? <p className="text-slate-600">No events match these filters.</p> : null}
      {events && events.length > 0 ? <AuditTable events={events} names={names} /> : null}
      {!events && !error ? (
        <p role="status" className="text-slate-500">
          Loading events…
        </p>
      ) : null}
      {cursor ? (
        <button
          type="button"
          onClick={() => void loadPage(cursor)}
          disabled={loading}
          className={secondaryButtonClass}
        >
          {loading ? 'Loading…' : 'Load older events'}
        </button>
      ) : null}
    </PageSection>
  );
}

function AuditTable({ events, names }: { events: AuditEvent[]; names: KnownNames }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      headings={['When', 'Action', 'Actor', 'Target', 'Changes', 'From']}
    >
      {events.map((event) => {
        const lines = changeLines(event.before, event.after);
        return (
          <tr key={event.id} data-testid="audit-row">
            <td className={`${cellClass} whitespace-nowrap text-slate-600`}>{formatDate(event.createdAt)}</td>
            <td className={`${cellClass} font-mono`}>{event.action}</td>
            <td className={`${cellClass} break-all`}>{describeActor(event.actor, names)}</td>
            <td className={cellClass}>
              {event.target.type} <span className="font-mono text-xs">{event.target.id}</span>
            </td>
            <td className={`${cellClass} max-w-xs break-words`}>
              {lines.length > 0 ? (
                <ul className="space-y-0.5 text-xs">
                  {lines.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </td>
            <td className={`${cellClass} text-xs text-slate-600`}>
              {event.ip ?? '—'}
              {event.requestId ? <div className="font-mono">{event.requestId}</div> : null}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
