import type { Quota } from '@/lib/portal/portal-types';
import { formatCount, formatPercent, type QuotaTone, quotaShare } from '@/lib/portal/quota';

const barClass: Record<QuotaTone, string> = {
  ok: 'bg-indigo-600',
  warning: 'bg-amber-500',
  exceeded: 'bg-red-600',
};

function day(iso: string): string {
  return new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The period's quota use as a bar with its numbers (a `meter` for assistive technology). */
export function QuotaMeter({ quota }: { quota: Quota }) {
  const { percent, barPercent, tone } = quotaShare(quota);
  const summary = `${formatCount(quota.used)} of ${formatCount(quota.limit)} calls used (${formatPercent(percent)})`;
  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id="quota-label" className="font-medium text-slate-700">
          Monthly quota
        </span>
        <span data-testid="quota-summary" className="tabular-nums text-slate-700">
          {summary}
        </span>
      </div>
      {/* The native meter speaks to assistive technology; the bar beside it is drawn for the eye. */}
      <meter
        aria-labelledby="quota-label"
        aria-valuetext={summary}
        min={0}
        max={quota.limit}
        value={Math.min(quota.used, quota.limit)}
        className="sr-only"
      />
      <div aria-hidden="true" className="mt-2 h-3 w-full overflow-hidden rounded-full bg-slate-100">
        <div className={`h-full ${barClass[tone]}`} style={{ width: `${barPercent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        Period {day(quota.periodStart)} – {day(quota.periodEnd)} (UTC); the count resets when it ends.
      </p>
    </div>
  );
}
