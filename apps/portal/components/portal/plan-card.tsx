'use client';

import { useState } from 'react';
import { apisText, termFacts, trialText } from '@/lib/portal/plan-terms';
import { portalApi } from '@/lib/portal/portal-client';
import type { PortalPlan, PortalSubscription } from '@/lib/portal/portal-types';
import { ConfirmButtons } from '../confirm-buttons';
import { panelClass, primaryButtonClass } from '../form-styles';
import { PortalProblemAlert } from './portal-problem-alert';
import { TermList } from './term-list';
import { usePortalAction } from './use-portal-data';

interface Props {
  plan: PortalPlan;
  /** The developer's subscription is on this plan. */
  current: boolean;
  /** False without a subscription: there is nothing to switch. */
  canSwitch: boolean;
  onSwitched: (subscription: PortalSubscription) => void;
}

/** One plan's terms in plain words; "Switch to this plan", confirmed inline, moves the subscription to it. */
export function PlanCard({ plan, current, canSwitch, onSwitched }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { pending, error, run, clear } = usePortalAction();
  const titleId = `plan-${plan.id}`;
  const facts = [
    ...termFacts(plan.terms),
    { term: 'Trial', value: trialText(plan.terms) },
    { term: 'APIs', value: apisText(plan.apis) },
  ];

  async function confirm() {
    if (await run(async () => onSwitched(await portalApi.changePlan(plan.id)))) setConfirming(false);
  }

  function cancel() {
    setConfirming(false);
    clear();
  }

  return (
    <article
      aria-labelledby={titleId}
      data-testid="plan-card"
      data-plan-name={plan.name}
      className={`${panelClass} flex h-full flex-col gap-4 ${current ? 'border-indigo-400 ring-1 ring-indigo-200' : ''}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={titleId} className="text-lg font-semibold">
          {plan.name}
        </h2>
        {current ? (
          <span
            data-testid="current-plan"
            className="rounded-full bg-indigo-50 px-3 py-1 text-sm font-medium text-indigo-700"
          >
            Your current plan
          </span>
        ) : null}
      </div>
      <TermList facts={facts} className="grid gap-3" />
      {canSwitch && !current ? (
        <div className="mt-auto space-y-2">
          {confirming ? (
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-600">
                Switch to {plan.name}? Your keys get its limits at once; calls already made this period still
                count.
              </span>
              <ConfirmButtons
                label="Confirm switch"
                tone="normal"
                pending={pending}
                onConfirm={() => void confirm()}
                onCancel={cancel}
              />
            </div>
          ) : (
            <button
              type="button"
              onClick={() => setConfirming(true)}
              aria-describedby={titleId}
              className={primaryButtonClass}
            >
              Switch to this plan
            </button>
          )}
          <PortalProblemAlert error={error} action="plans" />
        </div>
      ) : null}
    </article>
  );
}
