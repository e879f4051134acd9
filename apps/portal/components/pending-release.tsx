'use client';

import { type FormEvent, useCallback } from 'react';
import { consoleApi } from '@/lib/console-api';
import type { PublishedRelease } from '@/lib/console-types';
import { publishBlockedBecause } from '@/lib/release-words';
import { ConsoleProblemAlert } from './console-problem-alert';
import { DryRunReport } from './dry-run-report';
import {
  fieldClass,
  hintClass,
  labelClass,
  panelClass,
  primaryButtonClass,
  secondaryButtonClass,
} from './form-styles';
import { ReleaseChanges, ReleaseProblems } from './release-changes';
import { useSession } from './session-provider';
import { useAction } from './use-action';
import { useLoaded } from './use-loaded';

/**
 * What publishing now would change (in words), what the checks say, and the publish form with its
 * reason. The parent remounts it when the live version changes, so the preview is never stale.
 */
export function PendingRelease({ onPublished }: { onPublished: (release: PublishedRelease) => void }) {
  const { tenant } = useSession();
  const tenantId = tenant.tenantId;
  const preview = useLoaded(useCallback(() => consoleApi.previewRelease(tenantId), [tenantId]));
  const { pending, error, run } = useAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const reason = String(new FormData(formElement).get('reason') ?? '').trim();
    await run(async () => {
      const release = await consoleApi.publish(tenantId, reason);
      formElement.reset();
      onPublished(release);
    });
  }

  const blocked = preview.data ? publishBlockedBecause(preview.data) : 'Loading the pending changes…';
  return (
    <section aria-labelledby="pending-title" className={`space-y-4 ${panelClass}`}>
      <div className="flex items-center justify-between">
        <h2 id="pending-title" className="text-lg font-semibold">
          Pending changes
        </h2>
        <button
          type="button"
          onClick={() => void preview.reload()}
          className={`text-sm ${secondaryButtonClass}`}
        >
          Refresh
        </button>
      </div>
      <ConsoleProblemAlert error={preview.error} />
      {preview.data ? (
        <>
          <ReleaseChanges
            changes={preview.data.changes}
            empty="No pending changes: the live version matches your configuration."
          />
          <ReleaseProblems problems={preview.data.problems} />
          {preview.data.dryRun ? (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">Effect on the last 24 hours of traffic</summary>
              <div className="mt-2">
                <DryRunReport report={preview.data.dryRun} />
              </div>
            </details>
          ) : null}
        </>
      ) : null}
      <form onSubmit={onSubmit} className="space-y-3 border-t border-slate-100 pt-4">
        <ConsoleProblemAlert error={error} />
        <div>
          <label htmlFor="publish-reason" className={labelClass}>
            Reason for this release
          </label>
          <textarea
            id="publish-reason"
            name="reason"
            required
            maxLength={500}
            rows={2}
            aria-describedby="publish-hint"
            className={fieldClass}
          />
          <p id="publish-hint" className={hintClass}>
            Shown in the release history and the audit log. {blocked ?? ''}
          </p>
        </div>
        <button type="submit" disabled={pending || blocked !== null} className={primaryButtonClass}>
          {pending ? 'Publishing…' : 'Publish'}
        </button>
      </form>
    </section>
  );
}
