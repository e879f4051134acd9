'use client';

import { useCallback } from 'react';
import { consoleApi } from '@/lib/console-api';
import { useSession } from './session-provider';
import { useLoaded } from './use-loaded';

/** Unresolved usage alerts of the tenant (subscriptions past a quota threshold), above every console page. */
export function AlertsBanner() {
  const { tenant } = useSession();
  const tenantId = tenant.tenantId;
  // A banner is a hint: when alerts cannot be read, the page shows nothing rather than an error.
  const alerts = useLoaded(useCallback(() => consoleApi.activeAlerts(tenantId).catch(() => []), [tenantId]));
  if (!alerts.data || alerts.data.length === 0) return null;
  return (
    <aside
      aria-label="Usage alerts"
      className="border-b border-amber-200 bg-amber-50 px-6 py-3 text-sm text-amber-900"
      data-testid="alerts-banner"
    >
      <div className="mx-auto max-w-6xl">
        <p className="font-medium">
          {alerts.data.length} usage alert{alerts.data.length === 1 ? '' : 's'} this period
        </p>
        <ul className="mt-1 list-disc pl-5">
          {alerts.data.slice(0, 5).map((alert) => (
            <li key={alert.id}>
              Subscription <span className="font-mono">{alert.subscriptionId}</span> reached{' '}
              {alert.thresholdPercent}% of its quota ({alert.usedCalls.toLocaleString()} of{' '}
              {alert.quota.toLocaleString()} calls).
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
