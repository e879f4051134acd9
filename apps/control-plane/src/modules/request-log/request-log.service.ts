import { Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';
import { type RequestLogNames, RequestLogRepository, type RequestLogRow } from './request-log.repository.js';
import type {
  DenialReason,
  DenialReviewOutput,
  DenialsQuery,
  RequestRecordOutput,
  RequestSampleOutput,
  RequestsQuery,
} from './request-log.schemas.js';
import { catalogEntryOf, denyStageOf, stagePath } from './stage-path.js';

const hourMs = 3_600_000;
const defaultRangeMs = 24 * hourMs;
/** Longer than any retention the request log keeps: a wider range would only scan nothing. */
const maxRangeMs = 31 * 24 * hourMs;

function reasonOf(code: string, recordedStage: string | null, status: number): DenialReason {
  const entry = catalogEntryOf(code);
  return {
    code,
    status: entry?.status ?? status,
    title: entry?.title ?? code,
    reason: entry?.description ?? 'A code this version of Tollgate does not describe.',
    stage: denyStageOf(code, recordedStage),
  };
}

/** `from`/`to` of a query: default the last 24 h, `from` before `to`, at most 31 days apart. */
export function rangeOf(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultRangeMs);
  if (from.getTime() >= to.getTime())
    throw validationFailed([{ path: 'from', message: 'Must be before "to"' }]);
  if (to.getTime() - from.getTime() > maxRangeMs)
    throw validationFailed([{ path: 'from', message: 'At most 31 days between "from" and "to"' }]);
  return { from, to };
}

/** Support lookups, the denial review and sample request ids, all read from the request log. */
@Injectable()
export class RequestLogService {
  constructor(private readonly log: RequestLogRepository) {}

  /** "What happened to request req_…?": 404 when the tenant has no such request (or it has expired). */
  async lookup(tenantId: string, requestId: string): Promise<RequestRecordOutput> {
    const row = await this.log.find(tenantId, requestId);
    if (row === null)
      throw new TollgateError('not_found', `No request ${requestId} in this tenant's request log.`);
    const names = await this.log.names(
      tenantId,
      row.consumerId ? [row.consumerId] : [],
      row.routeId ? [row.routeId] : [],
    );
    const denial = row.denyCode === null ? null : reasonOf(row.denyCode, row.denyStage, row.status);
    const path = stagePath(row.status, row.denyCode, denial?.stage ?? null);
    return {
      ...recordOf(row),
      ...namedRefs(names, row),
      denial,
      stages: path.steps,
      stagePath: path.text,
    };
  }

  /** Recent denials by code × consumer × route, with the reason the consumer saw and sample ids. */
  async denials(tenantId: string, query: DenialsQuery, now = new Date()): Promise<DenialReviewOutput> {
    const { from, to } = rangeOf(query, now);
    const groups = await this.log.denialGroups(tenantId, { ...query, from, to });
    const names = await this.log.names(
      tenantId,
      groups.flatMap((g) => (g.consumerId ? [g.consumerId] : [])),
      groups.flatMap((g) => (g.routeId ? [g.routeId] : [])),
    );
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groups: groups.map((g) => ({
        ...reasonOf(g.denyCode, g.denyStage, g.status),
        ...namedRefs(names, g),
        requests: g.requests,
        firstAt: g.firstAt.toISOString(),
        lastAt: g.lastAt.toISOString(),
        sampleRequestIds: g.sampleRequestIds,
      })),
    };
  }

  /** Request ids behind a usage figure: the newest matching requests. */
  async recent(tenantId: string, query: RequestsQuery, now = new Date()): Promise<RequestSampleOutput[]> {
    const { from, to } = rangeOf(query, now);
    const rows = await this.log.recent(tenantId, { ...query, from, to });
    return rows.map((r) => ({
      requestId: r.requestId,
      at: r.occurredAt.toISOString(),
      status: r.status,
      denyCode: r.denyCode,
      keyId: r.keyId,
      routeId: r.routeId,
    }));
  }
}

/** The consumer and route a record names, with their names (null for a deleted one's). */
function namedRefs(names: RequestLogNames, ids: { consumerId: string | null; routeId: string | null }) {
  return {
    consumer:
      ids.consumerId === null
        ? null
        : { id: ids.consumerId, name: names.consumers.get(ids.consumerId) ?? null },
    route: ids.routeId === null ? null : { id: ids.routeId, ...(names.routes.get(ids.routeId) ?? {}) },
  };
}

function recordOf(row: RequestLogRow) {
  return {
    requestId: row.requestId,
    at: row.occurredAt.toISOString(),
    method: row.method,
    host: row.host,
    path: row.path,
    apiId: row.apiId,
    apiVersion: row.apiVersion,
    keyId: row.keyId,
    subscriptionId: row.subscriptionId,
    environment: row.environment,
    clientIp: row.clientIp,
    status: row.status,
    latencyMs: row.latencyMs,
  };
}
