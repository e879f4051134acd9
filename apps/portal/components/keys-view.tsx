'use client';

import { useCallback, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ApiKey, CreatedKey } from '@/lib/api-types';
import { formatDate } from '@/lib/format-date';
import { mergeById } from '@/lib/merge-by-id';
import { CreateKeyForm } from './create-key-form';
import { KeysPage } from './keys-page';
import { KeysTable } from './keys-table';
import { NewKeyPanel } from './new-key-panel';
import { ProblemAlert } from './problem-alert';
import { RevokeButton } from './revoke-button';
import { useSession } from './session-provider';
import { useLoaded } from './use-loaded';
import { WhenLoaded } from './when-loaded';

const statusClass: Record<string, string> = {
  active: 'bg-emerald-50 text-emerald-700',
  revoked: 'bg-slate-100 text-slate-600',
};

/** The keys page: the tenant's keys, the create form, and the once-only display of a new key. */
export function KeysView() {
  const { tenant } = useSession();
  const tenantId = tenant.tenantId;
  const keys = useLoaded(useCallback(() => api.listKeys(tenantId), [tenantId]));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  function onCreated(result: CreatedKey) {
    setCreating(false);
    setCreated(result);
    keys.setData((current) => mergeById(current, [result.data]));
  }

  function onRevoked(revoked: ApiKey) {
    keys.setData((current) => mergeById(current, [revoked]));
  }

  return (
    <KeysPage creating={creating} onCreate={() => setCreating(true)}>
      {created ? (
        <NewKeyPanel apiKey={created.key} name={created.data.name} onDone={() => setCreated(null)} />
      ) : null}
      {creating ? (
        <CreateKeyForm keys={keys.data ?? []} onCreated={onCreated} onCancel={() => setCreating(false)} />
      ) : null}
      <ProblemAlert error={keys.error} />
      <WhenLoaded data={keys.data} error={keys.error} loading="Loading keys…">
        {(list) => (
          <KeysTable
            keys={list}
            caption="API keys of this tenant"
            created={(key) => formatDate(key.createdAt)}
            badge={(key) => ({
              label: key.status,
              className: statusClass[key.status] ?? 'bg-amber-50 text-amber-700',
            })}
            actions={(key) =>
              key.status === 'active' ? <RevokeButton apiKey={key} onRevoked={onRevoked} /> : null
            }
          />
        )}
      </WhenLoaded>
    </KeysPage>
  );
}
