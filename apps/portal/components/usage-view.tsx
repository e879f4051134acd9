'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import type { TenantApi } from '@/lib/api-types';
import { fillMinutes, type MinuteBucket, totalCalls, usageWindow } from '@/lib/usage-series';
import { ProblemAlert } from './problem-alert';
import { useSession } from './session-provider';
import { UsageChart } from './usage-chart';

const refreshMs = 5_000;

/** The usage page: pick an API, see its calls per minute over the last hour, refreshed every 5 s. */
export function UsageView() {
  const { tenant, onUnauthenticated } = useSession();
  const [apis, setApis] = useState<TenantApi[] | null>(null);
  const [apiId, setApiId] = useState('');
  const [buckets, setBuckets] = useState<MinuteBucket[] | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.listApis(tenant.tenantId).then(
      (list) => {
        setApis(list);
        setApiId((current) => current || (list[0]?.id ?? ''));
      },
      (failure: unknown) => {
        onUnauthenticated(failure);
        setError(failure);
      },
    );
  }, [tenant.tenantId, onUnauthenticated]);

  const refresh = useCallback(async () => {
    if (!apiId) return;
    const now = new Date();
    const range = usageWindow(now);
    try {
      const points = await api.usageByMinute(tenant.tenantId, {
        apiId,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
      });
      setBuckets(fillMinutes(points, range));
      setUpdatedAt(now);
      setError(null);
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure);
    }
  }, [tenant.tenantId, apiId, onUnauthenticated]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh]);

  const selected = apis?.find((candidate) => candidate.id === apiId);

  return (
    <section aria-labelledby="usage-title" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 id="usage-title" className="text-2xl font-semibold">
          Usage
        </h1>
        <div className="flex items-center gap-3">
          {apis && apis.length > 1 ? (
            <label className="text-sm text-slate-700">
              API{' '}
              <select
                value={apiId}
                onChange={(event) => setApiId(event.target.value)}
                className="ml-1 rounded-md border border-slate-300 bg-white px-2 py-1"
              >
                {apis.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </label>
          ) : selected ? (
            <span className="text-sm text-slate-700">API: {selected.name}</span>
          ) : null}
          <button
            type="button"
            onClick={() => void refresh()}
            className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50"
          >
            Refresh
          </button>
        </div>
      </div>
      <ProblemAlert error={error} />
      {apis?.length === 0 ? <p className="text-slate-600">This tenant has no API yet.</p> : null}
      {buckets ? (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <p className="text-lg">
            Total calls, last 60 minutes:{' '}
            <strong data-testid="usage-total" className="tabular-nums">
              {totalCalls(buckets)}
            </strong>
          </p>
          <UsageChart
            buckets={buckets}
            title={`Calls per minute to ${selected?.name ?? 'the API'}, last 60 minutes`}
          />
          {updatedAt ? (
            <p className="text-xs text-slate-500">
              Updated {updatedAt.toLocaleTimeString()}; refreshes every {refreshMs / 1000} s.
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
