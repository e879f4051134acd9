'use client';

import Link from 'next/link';
import { portalApi } from '@/lib/portal/portal-client';
import { portalHref } from '@/lib/portal/portal-paths';
import type { PortalSubscription, UsageAlert } from '@/lib/portal/portal-types';
import { AlertBanner } from './alert-banner';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalSession } from './portal-session';
import { SubscriptionCard } from './subscription-card';
import { usePortalData } from './use-portal-data';

interface Overview {
  subscription: PortalSubscription | null;
  alerts: UsageAlert[];
}

async function loadOverview(): Promise<Overview> {
  const [subscription, alerts] = await Promise.all([portalApi.subscription(), portalApi.alerts()]);
  return { subscription, alerts };
}

/** The developer's home: the quota alert banner, the subscription with its quota meter, next steps. */
export function DashboardView() {
  const { session, slug } = usePortalSession();
  const { data: overview, error, reload } = usePortalData(loadOverview);

  return (
    <section aria-labelledby="dashboard-title" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="dashboard-title" className="text-2xl font-semibold">
          Welcome, {session.account.name}
        </h1>
        <button
          type="button"
          onClick={() => void reload()}
          className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50"
        >
          Refresh
        </button>
      </div>
      <PortalProblemAlert error={error} action="page" />
      {overview ? (
        <>
          <AlertBanner alerts={overview.alerts} />
          {overview.subscription ? (
            <SubscriptionCard subscription={overview.subscription} />
          ) : (
            <p className="rounded-lg border border-slate-200 bg-white p-5 text-slate-700">
              You have no subscription on this portal yet, so you cannot create keys. Ask the API provider to
              subscribe you to a plan.
            </p>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <Link
              href={portalHref(slug, 'keys')}
              className="rounded-lg border border-slate-200 bg-white p-5 hover:border-indigo-300"
            >
              <span className="font-medium text-indigo-700">API keys →</span>
              <span className="mt-1 block text-sm text-slate-600">Create, rotate and revoke your keys.</span>
            </Link>
            <Link
              href={portalHref(slug, 'usage')}
              className="rounded-lg border border-slate-200 bg-white p-5 hover:border-indigo-300"
            >
              <span className="font-medium text-indigo-700">Usage →</span>
              <span className="mt-1 block text-sm text-slate-600">
                Calls, errors and latency by hour or day; download as CSV.
              </span>
            </Link>
          </div>
        </>
      ) : error ? null : (
        <p role="status" className="text-slate-500">
          Loading your subscription…
        </p>
      )}
    </section>
  );
}
