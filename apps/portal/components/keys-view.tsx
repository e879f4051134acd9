'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ApiKey, CreatedKey } from '@/lib/api-types';
import { CreateKeyForm } from './create-key-form';
import { KeysTable } from './keys-table';
import { NewKeyPanel } from './new-key-panel';
import { ProblemAlert } from './problem-alert';
import { useSession } from './session-provider';

/** The keys page: the list, the create form, and the once-only display of a new key. */
export function KeysView() {
  const { tenant, onUnauthenticated } = useSession();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const load = useCallback(async () => {
    try {
      setKeys(await api.listKeys(tenant.tenantId));
      setError(null);
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure);
    }
  }, [tenant.tenantId, onUnauthenticated]);

  useEffect(() => {
    void load();
  }, [load]);

  function onCreated(result: CreatedKey) {
    setCreating(false);
    setCreated(result);
    setKeys((current) => [result.data, ...(current ?? []).filter((key) => key.id !== result.data.id)]);
  }

  function onRevoked(revoked: ApiKey) {
    setKeys((current) => (current ?? []).map((key) => (key.id === revoked.id ? revoked : key)));
  }

  return (
    <section aria-labelledby="keys-title" className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 id="keys-title" className="text-2xl font-semibold">
          API keys
        </h1>
        {creating ? null : (
          <button
            type="button"
            onClick={() => setCreating(true)}
            className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
          >
            Create key
          </button>
        )}
      </div>
      {created ? (
        <NewKeyPanel apiKey={created.key} name={created.data.name} onDone={() => setCreated(null)} />
      ) : null}
      {creating ? (
        <CreateKeyForm keys={keys ?? []} onCreated={onCreated} onCancel={() => setCreating(false)} />
      ) : null}
      <ProblemAlert error={error} />
      {keys ? (
        <KeysTable keys={keys} onRevoked={onRevoked} />
      ) : error ? null : (
        <p role="status" className="text-slate-500">
          Loading keys…
        </p>
      )}
    </section>
  );
}
