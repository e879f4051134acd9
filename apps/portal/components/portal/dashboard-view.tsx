'use client';

import Link from 'next/link';
import type { UsageAlert } from '@/lib/api-types';
import { portalApi } from '@/lib/portal/portal-client';
import { portalHref } from '@/lib/portal/portal-paths';
import type { PortalSubscription } from '@/lib/portal/portal-types';
import { PageSection } from '../page-section';
import { RefreshButton } from '../refresh-button';
import { WhenLoaded } from '../when-loaded';
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
  const { data, error, reload } = usePortalData(loadOverview);

  return (
    <PageSection
      id="dashboard-title"
      title={`Welcome, ${session.account.name}`}
      actions={<RefreshButton onRefresh={reload} />}
    >
      <PortalProblemAlert error={error} action="page" />
      <WhenLoaded data={data} error={error} loading="Loading your subscription…">
        {(overview) => (
          <>
            <AlertBanner alerts={overview.alerts} />
            {overview.subscription ? (
              <SubscriptionCard
                subscription={overview.subscription}
                changePlanHref={portalHref(slug, 'plans')}
              />
            ) : (
              <p className="rounded-lg border border-slate-200 bg-white p-5 text-slate-700">
                You have no subscription on this portal yet, so you cannot create keys. Ask the API provider
                to subscribe you to a plan.
              </p>
            )}
            <div className="grid gap-4 sm:grid-cols-2">
              <Link
                href={portalHref(slug, 'keys')}
                className="rounded-lg border border-slate-200 bg-white p-5 hover:border-indigo-300"
              >
                <span className="font-medium text-indigo-700">API keys →</span>
                <span className="mt-1 block text-sm text-slate-600">
                  Create, rotate and revoke your keys.
                </span>
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
        )}
      </WhenLoaded>
    </PageSection>
  );
}
