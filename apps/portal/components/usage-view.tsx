'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import { fillMinutes, totalCalls, usageWindow } from '@/lib/usage-series';
import { PageSection } from './page-section';
import { ProblemAlert } from './problem-alert';
import { RefreshButton } from './refresh-button';
import { useSession } from './session-provider';
import { UsageChart } from './usage-chart';
import { useLoaded } from './use-loaded';

const refreshMs = 5_000;

/** The usage page: pick an API, see its calls per minute over the last hour, refreshed every 5 s. */
export function UsageView() {
  const { tenant } = useSession();
  const tenantId = tenant.tenantId;
  const apis = useLoaded(useCallback(() => api.listApis(tenantId), [tenantId]));
  const [chosenApiId, setApiId] = useState('');
  const apiId = chosenApiId || (apis.data?.[0]?.id ?? '');

  const usage = useLoaded(
    useCallback(async () => {
      if (!apiId) return null;
      const at = new Date();
      const range = usageWindow(at);
      const points = await api.usageByMinute(tenantId, {
        apiId,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
      });
      return { buckets: fillMinutes(points, range), at };
    }, [tenantId, apiId]),
  );
  const { reload } = usage;

  useEffect(() => {
    const timer = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(timer);
  }, [reload]);

  const selected = apis.data?.find((candidate) => candidate.id === apiId);

  return (
    <PageSection
      id="usage-title"
      title="Usage"
      actions={
        <div className="flex items-center gap-3">
          {apis.data && apis.data.length > 1 ? (
            <label className="text-sm text-slate-700">
              API{' '}
              <select
                value={apiId}
                onChange={(event) => setApiId(event.target.value)}
                className="ml-1 rounded-md border border-slate-300 bg-white px-2 py-1"
              >
                {apis.data.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </label>
          ) : selected ? (
            <span className="text-sm text-slate-700">API: {selected.name}</span>
          ) : null}
          <RefreshButton onRefresh={reload} />
        </div>
      }
    >
      <ProblemAlert error={usage.error ?? apis.error} />
      {apis.data?.length === 0 ? <p className="text-slate-600">This tenant has no API yet.</p> : null}
      {usage.data ? (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <p className="text-lg">
            Total calls, last 60 minutes:{' '}
            <strong data-testid="usage-total" className="tabular-nums">
              {totalCalls(usage.data.buckets)}
            </strong>
          </p>
          <UsageChart
            buckets={usage.data.buckets}
            title={`Calls per minute to ${selected?.name ?? 'the API'}, last 60 minutes`}
          />
          <p className="text-xs text-slate-500">
            Updated {usage.data.at.toLocaleTimeString()}; refreshes every {refreshMs / 1000} s.
          </p>
        </div>
      ) : null}
    </PageSection>
  );
}
