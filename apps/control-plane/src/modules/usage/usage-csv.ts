import type { FastifyReply } from 'fastify';
import { csvRecord } from '../../common/csv.js';
import {
  statusClasses,
  type UsageBucket,
  type UsageDimension,
  type UsageQuery,
  type UsageResult,
} from './usage.schemas.js';

const groupHeaders: Record<UsageDimension, keyof UsageBucket> = {
  api: 'apiId',
  key: 'keyId',
  route: 'routeId',
  consumer: 'consumerId',
  statusClass: 'statusClass',
};

/**
 * The usage answer as CSV: a header row, then one line per bucket (and group), CRLF line ends.
 * Quoting and formula escaping are the shared ones of every export (common/csv.ts).
 */
export function usageCsv(result: UsageResult): string {
  const groups = result.groupBy.map((dim) => groupHeaders[dim]);
  const header = [
    'start',
    ...groups,
    'calls',
    'billableCalls',
    'quotaCalls',
    'deniedCalls',
    ...statusClasses.map((c) => `calls${c}`),
    'latencyAvgMs',
    'latencyP50Ms',
    'latencyP95Ms',
    'latencyP99Ms',
  ];
  const rows = result.data.map((b) => [
    b.start,
    ...groups.map((field) => b[field] as string | null | undefined),
    b.calls,
    b.billableCalls,
    b.quotaCalls,
    b.deniedCalls,
    ...statusClasses.map((c) => b.callsByStatusClass[c]),
    b.latency.avgMs,
    b.latency.p50Ms,
    b.latency.p95Ms,
    b.latency.p99Ms,
  ]);
  return [header, ...rows].map((cells) => csvRecord(cells)).join('');
}

/** `format=csv` wins, then `format=json`, then an `Accept` that names text/csv. */
function wantsCsv(format: UsageQuery['format'], accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept ?? '');
}

/**
 * The usage answer in the format asked for (the provider's and the consumer's usage routes): the
 * result as JSON, or a CSV file `<filePrefix>-<granularity>-<first day>.csv`, its headers set on `reply`.
 */
export function usageAnswer(
  result: UsageResult,
  asked: { format: UsageQuery['format']; accept: string | undefined },
  reply: FastifyReply,
  filePrefix: string,
): UsageResult | string {
  if (!wantsCsv(asked.format, asked.accept)) return result;
  const name = `${filePrefix}-${result.granularity}-${result.from.slice(0, 10)}.csv`;
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}"`);
  return usageCsv(result);
}
