import { priceText, quotaText, rateLimitText } from '@/lib/portal/plan-terms';
import type { PortalSubscription, SubscriptionStatus } from '@/lib/portal/portal-types';
import { QuotaMeter } from './quota-meter';

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

/** The developer's plan, its terms, the current period and the quota meter. */
export function SubscriptionCard({ subscription }: { subscription: PortalSubscription }) {
  const status = statusText[subscription.status];
  const terms = subscription.terms;
  const facts = [
    { term: 'Price', value: priceText(terms) },
    { term: 'Rate limit', value: rateLimitText(terms) },
    { term: 'Quota', value: quotaText(terms) },
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
        <span
          data-testid="subscription-status"
          className={`rounded-full px-3 py-1 text-sm font-medium ${status.className}`}
        >
          {status.label}
        </span>
      </div>
      <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
        {facts.map(({ term, value }) => (
          <div key={term}>
            <dt className="text-slate-500">{term}</dt>
            <dd className="mt-0.5 font-medium">{value}</dd>
          </div>
        ))}
      </dl>
      {subscription.quota ? (
        <QuotaMeter quota={subscription.quota} />
      ) : terms.monthlyQuota !== null ? (
        <p className="text-sm text-slate-500">The quota count cannot be shown just now.</p>
      ) : null}
    </section>
  );
}
