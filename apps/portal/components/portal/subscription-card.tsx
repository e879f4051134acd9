import Link from 'next/link';
import { termFacts } from '@/lib/portal/plan-terms';
import type { PortalSubscription, SubscriptionStatus } from '@/lib/portal/portal-types';
import { QuotaMeter } from './quota-meter';
import { TermList } from './term-list';

const statusText: Record<SubscriptionStatus, { label: string; className: string }> = {
  active: { label: 'Active', className: 'bg-emerald-50 text-emerald-700' },
  trialing: { label: 'Trial', className: 'bg-sky-50 text-sky-700' },
  past_due: { label: 'Payment overdue', className: 'bg-amber-50 text-amber-800' },
  incomplete: { label: 'Incomplete', className: 'bg-amber-50 text-amber-800' },
  canceled: { label: 'Canceled', className: 'bg-slate-100 text-slate-600' },
};

function date(iso: string): string {
  return new Date(iso).toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The developer's plan, its terms, the current period and the quota meter; a link to change plan when given. */
export function SubscriptionCard({
  subscription,
  changePlanHref,
}: {
  subscription: PortalSubscription;
  changePlanHref?: string;
}) {
  const status = statusText[subscription.status];
  const terms = subscription.terms;
  const facts = [
    ...termFacts(terms),
    {
      term: 'Current period',
      value: `${date(subscription.currentPeriodStart)} – ${date(subscription.currentPeriodEnd)}`,
    },
  ];
  return (
    <section
      aria-labelledby="subscription-title"
      data-testid="subscription"
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-5"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">Your plan</p>
          <h2 id="subscription-title" className="text-xl font-semibold" data-testid="plan-name">
            {subscription.plan.name}
          </h2>
        </div>
        <div className="flex items-center gap-3">
          {changePlanHref ? (
            <Link href={changePlanHref} className="text-sm font-medium text-indigo-700 hover:underline">
              Change plan
            </Link>
          ) : null}
          <span
            data-testid="subscription-status"
            className={`rounded-full px-3 py-1 text-sm font-medium ${status.className}`}
          >
            {status.label}
          </span>
        </div>
      </div>
      <TermList facts={facts} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" />
      {subscription.quota ? (
        <QuotaMeter quota={subscription.quota} />
      ) : terms.monthlyQuota !== null ? (
        <p className="text-sm text-slate-500">The quota count cannot be shown just now.</p>
      ) : null}
    </section>
  );
}
