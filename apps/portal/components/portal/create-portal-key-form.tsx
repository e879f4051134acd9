'use client';

import { portalApi } from '@/lib/portal/portal-client';
import type { IssuedPortalKey } from '@/lib/portal/portal-types';
import { KeyForm } from '../key-form';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalAction } from './use-portal-data';

/** A new key on the developer's current subscription: a name and live or test. */
export function CreatePortalKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (issued: IssuedPortalKey) => void;
  onCancel: () => void;
}) {
  const { pending, error, run } = usePortalAction();
  return (
    <KeyForm
      alert={<PortalProblemAlert error={error} action="keys" />}
      pending={pending}
      nameHint="For you to tell keys apart, e.g. “production server”."
      onSubmit={(input) => void run(async () => onCreated(await portalApi.createKey(input)))}
      onCancel={onCancel}
    />
  );
}
