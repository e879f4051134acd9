import type { UsageAlert } from '@/lib/api-types';
import { alertText, bannerAlert } from '@/lib/portal/quota';

/** The banner of the unresolved usage alerts (the highest threshold reached); nothing when there is none. */
export function AlertBanner({ alerts }: { alerts: UsageAlert[] }) {
  const alert = bannerAlert(alerts);
  if (!alert) return null;
  const exhausted = alert.thresholdPercent >= 100;
  return (
    <div
      role="alert"
      data-testid="usage-alert-banner"
      className={`rounded-md border px-4 py-3 text-sm ${
        exhausted ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-900'
      }`}
    >
      <p className="font-semibold">{exhausted ? 'Quota used up' : 'Quota running low'}</p>
      <p className="mt-1">{alertText(alert)}</p>
    </div>
  );
}
