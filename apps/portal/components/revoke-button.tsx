'use client';

import { useState } from 'react';
import { ApiError, api } from '@/lib/api-client';
import type { ApiKey } from '@/lib/api-types';
import { useSession } from './session-provider';

/** "Revoke", then an inline confirmation (no window.confirm: it blocks and tests dismiss it). */
export function RevokeButton({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: (key: ApiKey) => void }) {
  const { tenant, onUnauthenticated } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    setPending(true);
    setError(null);
    try {
      onRevoked(await api.revokeKey(tenant.tenantId, apiKey.id));
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure instanceof ApiError ? (failure.problem.title ?? failure.message) : 'Revoke failed');
      setPending(false);
    }
  }

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        aria-label={`Revoke ${apiKey.name}`}
        className="rounded-md border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50"
      >
        Revoke
      </button>
    );
  }
  return (
    <span className="inline-flex items-center gap-2">
      <span className="text-slate-600">Revoke this key? Calls with it will fail.</span>
      <button
        type="button"
        onClick={revoke}
        disabled={pending}
        className="rounded-md bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-60"
      >
        Confirm revoke
      </button>
      <button
        type="button"
        onClick={() => setConfirming(false)}
        disabled={pending}
        className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50"
      >
        Cancel
      </button>
      {error ? (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
