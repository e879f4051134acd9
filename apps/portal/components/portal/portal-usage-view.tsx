'use client';

import { type ReactNode, useCallback, useState } from 'react';
import { portalApi, type UsageQuery, usageCsvHref } from '@/lib/portal/portal-client';
import type { UsageGranularity } from '@/lib/portal/portal-types';
import { formatCount } from '@/lib/portal/quota';
import {
  type ChartBucket,
  chartBuckets,
  usageRange,
  usageTotals,
  usageWindows,
} from '@/lib/portal/usage-series';
import { panelClass, smallButtonClass } from '../form-styles';
import { PageSection } from '../page-section';
import { RefreshButton } from '../refresh-button';
import { UsageChart } from '../usage-chart';
import { WhenLoaded } from '../when-loaded';
import { LatencyChart } from './latency-chart';
import { PortalProblemAlert } from './portal-problem-alert';
import { UsageTable } from './usage-table';
import { usePortalData } from './use-portal-data';

const granularities: { value: UsageGranularity; label: string }[] = [
  { value: 'hour', label: 'By hour' },
  { value: 'day', label: 'By day' },
];

interface Loaded {
  query: UsageQuery;
  buckets: ChartBucket[];
  at: Date;
}

/** The usage page: the developer's own calls, errors and latency by hour or by day, and the same as CSV. */
export function PortalUsageView() {
  const [granularity, setGranularity] = useState<UsageGranularity>('hour');
  const load = useCallback(async (): Promise<Loaded> => {
    const at = new Date();
    const range = usageRange(at, granularity);
    const query: UsageQuery = { granularity, from: range.from.toISOString(), to: range.to.toISOString() };
    return { query, buckets: chartBuckets(await portalApi.usage(query)), at };
  }, [granularity]);
  const { data: loaded, error, reload } = usePortalData(load);

  const span = usageWindows[granularity].label;
  const current = loaded?.query.granularity === granularity ? loaded : null;

  return (
    <PageSection
      id="usage-title"
      title="Usage"
      actions={
        <div className="flex flex-wrap items-center gap-3">
          <fieldset className="flex rounded-md border border-slate-300 bg-white text-sm">
            <legend className="sr-only">Bucket size</legend>
            {granularities.map((option) => (
              <label
                key={option.value}
                className={`cursor-pointer px-3 py-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-300 ${
                  option.value === granularity ? 'bg-indigo-600 text-white' : 'hover:bg-slate-50'
                }`}
              >
                <input
                  type="radio"
                  name="granularity"
                  value={option.value}
                  checked={option.value === granularity}
                  onChange={() => setGranularity(option.value)}
                  className="sr-only"
                />
                {option.label}
              </label>
            ))}
          </fieldset>
          <RefreshButton onRefresh={reload} />
          {current ? (
            <a
              href={usageCsvHref(current.query)}
              download={`usage-${granularity}.csv`}
              className={`${smallButtonClass} text-indigo-700`}
            >
              Download CSV
            </a>
          ) : null}
        </div>
      }
    >
      <PortalProblemAlert error={error} action="page" />
      <WhenLoaded data={current} error={error} loading="Loading usage…">
        {({ buckets, at }) => (
          <>
            <UsageTotals totals={usageTotals(buckets)} span={span} />
            <ChartPanel title="Calls">
              <UsageChart
                buckets={buckets}
                unit={granularity}
                title={`Your calls per ${granularity}, ${span}`}
              />
            </ChartPanel>
            <ChartPanel title="Latency">
              <LatencyChart
                buckets={buckets}
                unit={granularity}
                title={`p50, p95 and p99 latency per ${granularity}, ${span}`}
              />
            </ChartPanel>
            <UsageTable buckets={buckets} unit={granularity} />
            <p className="text-xs text-slate-500">
              Updated {at.toLocaleTimeString()}. Calls show here within about a minute.
            </p>
          </>
        )}
      </WhenLoaded>
    </PageSection>
  );
}

function UsageTotals({ totals, span }: { totals: ReturnType<typeof usageTotals>; span: string }) {
  return (
    <dl className="grid gap-4 sm:grid-cols-3">
      {[
        { label: `Calls, ${span}`, value: totals.calls, testId: 'usage-total' },
        { label: 'Errors (4xx and 5xx)', value: totals.errors, testId: 'usage-errors' },
        { label: 'Refused by the gateway', value: totals.denied, testId: 'usage-denied' },
      ].map((stat) => (
        <div key={stat.testId} className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">{stat.label}</dt>
          <dd data-testid={stat.testId} className="mt-1 text-2xl font-semibold tabular-nums">
            {formatCount(stat.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ChartPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className={`space-y-3 ${panelClass}`}>
      <h2 className="font-semibold">{title}</h2>
      {children}
    </div>
  );
}
