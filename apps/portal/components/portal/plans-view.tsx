'use client';

import { useCallback, useState } from 'react';
import { portalApi } from '@/lib/portal/portal-client';
import type { PortalPlan, PortalSubscription } from '@/lib/portal/portal-types';
import { PageSection } from '../page-section';
import { WhenLoaded } from '../when-loaded';
import { PlanCard } from './plan-card';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalSession } from './portal-session';
import { SubscriptionCard } from './subscription-card';
import { usePortalData } from './use-portal-data';

interface Choice {
  plans: PortalPlan[];
  subscription: PortalSubscription | null;
}

/** The portal's public plans side by side, the developer's own marked; switching shows the subscription as it now is. */
export function PlansView() {
  const { slug } = usePortalSession();
  const load = useCallback(async (): Promise<Choice> => {
    const [plans, subscription] = await Promise.all([portalApi.plans(slug), portalApi.subscription()]);
    return { plans, subscription };
  }, [slug]);
  const { data, setData, error } = usePortalData(load);
  const [switched, setSwitched] = useState(false);

  function onSwitched(subscription: PortalSubscription) {
    setData((current) => (current ? { ...current, subscription } : current));
    setSwitched(true);
  }

  return (
    <PageSection id="plans-title" title="Plans">
      <PortalProblemAlert error={error} action="page" />
      <WhenLoaded data={data} error={error} loading="Loading plans…">
        {({ plans, subscription }) => (
          <>
            {switched && subscription ? (
              <div className="space-y-3">
                <p role="status" className="text-emerald-700">
                  Your subscription is now on {subscription.plan.name}. Your keys already use its terms.
                </p>
                <SubscriptionCard subscription={subscription} />
              </div>
            ) : null}
            {subscription ? (
              <p className="text-sm text-slate-600">
                Switching keeps your subscription and your keys; they get the new plan&apos;s limits at once.
              </p>
            ) : (
              <p className="rounded-lg border border-slate-200 bg-white p-5 text-slate-700">
                You have no subscription on this portal yet, so you cannot switch plans. Ask the API provider
                to subscribe you to a plan.
              </p>
            )}
            {plans.length === 0 ? (
              <p className="text-slate-600">This portal offers no plans yet.</p>
            ) : (
              <ul className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
                {plans.map((plan) => (
                  <li key={plan.id}>
                    <PlanCard
                      plan={plan}
                      current={plan.id === subscription?.planId}
                      canSwitch={subscription !== null}
                      onSwitched={onSwitched}
                    />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </WhenLoaded>
    </PageSection>
  );
}
