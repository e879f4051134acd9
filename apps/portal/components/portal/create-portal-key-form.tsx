'use client';

import { type FormEvent, useState } from 'react';
import type { KeyEnvironment } from '@/lib/api-types';
import { portalApi } from '@/lib/portal/portal-client';
import type { IssuedPortalKey } from '@/lib/portal/portal-types';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalSession } from './portal-session';

const fieldClass = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm';
const labelClass = 'block text-sm font-medium text-slate-700';

/** A new key on the developer's current subscription: a name and live or test. */
export function CreatePortalKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (issued: IssuedPortalKey) => void;
  onCancel: () => void;
}) {
  const { onUnauthenticated } = usePortalSession();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const environment: KeyEnvironment = form.get('environment') === 'test' ? 'test' : 'live';
    setPending(true);
    setError(null);
    try {
      onCreated(await portalApi.createKey({ name: String(form.get('name') ?? ''), environment }));
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure);
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="create-key-title"
      aria-busy={pending}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="create-key-title" className="text-lg font-semibold">
        Create a key
      </h2>
      <PortalProblemAlert error={error} action="keys" />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="key-name" className={labelClass}>
            Key name
          </label>
          <input
            id="key-name"
            name="name"
            required
            maxLength={100}
            aria-describedby="key-name-hint"
            className={fieldClass}
          />
          <p id="key-name-hint" className="mt-1 text-xs text-slate-500">
            For you to tell keys apart, e.g. “production server”.
          </p>
        </div>
        <div>
          <label htmlFor="key-environment" className={labelClass}>
            Environment
          </label>
          <select id="key-environment" name="environment" defaultValue="live" className={fieldClass}>
            <option value="live">live</option>
            <option value="test">test</option>
          </select>
        </div>
      </div>
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          Create key
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-2">
          Cancel
        </button>
      </div>
    </form>
  );
}
