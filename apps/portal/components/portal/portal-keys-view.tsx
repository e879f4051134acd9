'use client';

import { useState } from 'react';
import { mergeKeys } from '@/lib/portal/key-list';
import { portalApi } from '@/lib/portal/portal-client';
import type { IssuedPortalKey, PortalKey, RotatedPortalKey } from '@/lib/portal/portal-types';
import { NewKeyPanel } from '../new-key-panel';
import { CreatePortalKeyForm } from './create-portal-key-form';
import { PortalKeysTable } from './portal-keys-table';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalData } from './use-portal-data';

const loadKeys = () => portalApi.listKeys();

/** The keys page: the list, the create form, rotation and revocation, and the once-only display of a new key. */
export function PortalKeysView() {
  const { data: keys, setData: setKeys, error } = usePortalData(loadKeys);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<IssuedPortalKey | null>(null);
  // Key states (in grace or not) are judged at the time of the last answer.
  const [judgedAt, setJudgedAt] = useState(() => new Date());

  function onCreated(issued: IssuedPortalKey) {
    setCreating(false);
    setShown(issued);
    setKeys((current) => mergeKeys(current, [issued.data]));
  }

  function onRotated(rotated: RotatedPortalKey) {
    setShown(rotated);
    setJudgedAt(new Date());
    setKeys((current) => mergeKeys(current, [rotated.data, rotated.previous]));
  }

  function onRevoked(revoked: PortalKey) {
    setKeys((current) => mergeKeys(current, [revoked]));
  }

  return (
    <section aria-labelledby="keys-title" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
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
      <p className="text-sm text-slate-600">
        Send a key with each call as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.
        Rotating gives a new key and keeps the old one working for the grace period you choose.
      </p>
      {shown ? <NewKeyPanel apiKey={shown.key} name={shown.data.name} onDone={() => setShown(null)} /> : null}
      {creating ? <CreatePortalKeyForm onCreated={onCreated} onCancel={() => setCreating(false)} /> : null}
      <PortalProblemAlert error={error} action="page" />
      {keys ? (
        <PortalKeysTable keys={keys} now={judgedAt} onRotated={onRotated} onRevoked={onRevoked} />
      ) : error ? null : (
        <p role="status" className="text-slate-500">
          Loading keys…
        </p>
      )}
    </section>
  );
}
