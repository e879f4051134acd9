'use client';

import { useState } from 'react';
import { mergeById } from '@/lib/merge-by-id';
import { portalApi } from '@/lib/portal/portal-client';
import type { IssuedPortalKey, PortalKey, RotatedPortalKey } from '@/lib/portal/portal-types';
import { KeysPage } from '../keys-page';
import { NewKeyPanel } from '../new-key-panel';
import { WhenLoaded } from '../when-loaded';
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
    setKeys((current) => mergeById(current, [issued.data]));
  }

  function onRotated(rotated: RotatedPortalKey) {
    setShown(rotated);
    setJudgedAt(new Date());
    setKeys((current) => mergeById(current, [rotated.data, rotated.previous]));
  }

  function onRevoked(revoked: PortalKey) {
    setKeys((current) => mergeById(current, [revoked]));
  }

  return (
    <KeysPage creating={creating} onCreate={() => setCreating(true)}>
      <p className="text-sm text-slate-600">
        Send a key with each call as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.
        Rotating gives a new key and keeps the old one working for the grace period you choose.
      </p>
      {shown ? <NewKeyPanel apiKey={shown.key} name={shown.data.name} onDone={() => setShown(null)} /> : null}
      {creating ? <CreatePortalKeyForm onCreated={onCreated} onCancel={() => setCreating(false)} /> : null}
      <PortalProblemAlert error={error} action="page" />
      <WhenLoaded data={keys} error={error} loading="Loading keys…">
        {(list) => <PortalKeysTable keys={list} now={judgedAt} onRotated={onRotated} onRevoked={onRevoked} />}
      </WhenLoaded>
    </KeysPage>
  );
}
