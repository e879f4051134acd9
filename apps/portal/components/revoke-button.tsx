'use client';

import { api } from '@/lib/api-client';
import type { ApiKey } from '@/lib/api-types';
import { ConfirmAction } from './confirm-action';
import { useSession } from './session-provider';

/** "Revoke", then an inline confirmation. */
export function RevokeButton({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: (key: ApiKey) => void }) {
  const { tenant } = useSession();
  return (
    <ConfirmAction
      label="Revoke"
      ariaLabel={`Revoke ${apiKey.name}`}
      question="Revoke this key? Calls with it will fail."
      confirmLabel="Confirm revoke"
      onConfirm={async () => onRevoked(await api.revokeKey(tenant.tenantId, apiKey.id))}
    />
  );
}
