'use client';

import { type FormEvent, useState } from 'react';
import { localToIso } from '@/lib/audit-query';
import { consoleApi } from '@/lib/console-api';
import type { DryRunReport as Report } from '@/lib/console-types';
import { ConsoleProblemAlert } from './console-problem-alert';
import { DryRunReport } from './dry-run-report';
import { fieldClass, hintClass, labelClass, panelClass, secondaryButtonClass } from './form-styles';
import { useSession } from './session-provider';
import { useAction } from './use-action';

/** Replays a window of recorded requests against the pending configuration; changes nothing. */
export function DryRunPanel() {
  const { tenant } = useSession();
  const [report, setReport] = useState<Report | null>(null);
  const { pending, error, run } = useAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = localToIso(String(form.get('from') ?? ''));
    const to = localToIso(String(form.get('to') ?? ''));
    await run(async () =>
      setReport(
        await consoleApi.dryRun(tenant.tenantId, { ...(from ? { from } : {}), ...(to ? { to } : {}) }),
      ),
    );
  }

  return (
    <section aria-labelledby="dry-run-title" className={`space-y-4 ${panelClass}`}>
      <h2 id="dry-run-title" className="text-lg font-semibold">
        Dry run
      </h2>
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="dry-run-from" className={labelClass}>
            Replay requests from
          </label>
          <input
            id="dry-run-from"
            name="from"
            type="datetime-local"
            className={fieldClass}
            aria-describedby="dry-run-hint"
          />
        </div>
        <div>
          <label htmlFor="dry-run-to" className={labelClass}>
            Until
          </label>
          <input
            id="dry-run-to"
            name="to"
            type="datetime-local"
            className={fieldClass}
            aria-describedby="dry-run-hint"
          />
        </div>
        <button type="submit" disabled={pending} className={secondaryButtonClass}>
          {pending ? 'Replaying…' : 'Run dry run'}
        </button>
        <p id="dry-run-hint" className={`${hintClass} sm:col-span-3`}>
          Leave both empty for the last 24 hours (at most 31 days). Recorded requests are replayed against the
          pending configuration to show whose answers would change.
        </p>
      </form>
      <ConsoleProblemAlert error={error} />
      {report ? <DryRunReport report={report} /> : null}
    </section>
  );
}
