'use client';

import { type FormEvent, useState } from 'react';
import { consoleApi } from '@/lib/console-api';
import type { PublishedRelease, Release } from '@/lib/console-types';
import { problemLine } from '@/lib/problem-message';
import { ConfirmButtons } from './confirm-buttons';
import { dangerOutlineButtonClass } from './form-styles';
import { useSession } from './session-provider';
import { useAction } from './use-action';

/** "Roll back", then a reason and a confirmation: republishes this version as a new one. */
export function RollbackAction({
  release,
  onDone,
}: {
  release: Release;
  onDone: (published: PublishedRelease) => void;
}) {
  const { tenant } = useSession();
  const [open, setOpen] = useState(false);
  const { pending, error, run } = useAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const done = await run(async () =>
      onDone(await consoleApi.rollback(tenant.tenantId, release.version, reason)),
    );
    if (done) setOpen(false);
  }

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={`Roll back to version ${release.version}`}
        className={dangerOutlineButtonClass}
      >
        Roll back
      </button>
    );
  }
  const field = `rollback-reason-${release.version}`;
  return (
    <form onSubmit={onSubmit} className="space-y-2 text-left">
      <p className="text-slate-700">
        Publish version {release.version}’s routes and policies again, as a new version? Plans in use stay.
      </p>
      <label htmlFor={field} className="block text-xs font-medium text-slate-700">
        Reason for rolling back to version {release.version}
      </label>
      <input
        id={field}
        name="reason"
        required
        maxLength={500}
        className="w-full rounded-md border border-slate-300 px-2 py-1"
      />
      <div className="flex gap-2">
        <ConfirmButtons label="Confirm rollback" pending={pending} onCancel={() => setOpen(false)} />
      </div>
      {error ? (
        <p role="alert" className="text-red-700">
          {problemLine(error)}
        </p>
      ) : null}
    </form>
  );
}
