'use client';

import { useCallback, useState } from 'react';
import { consoleApi } from '@/lib/console-api';
import type { AccessToken, CreatedAccessToken } from '@/lib/console-types';
import { formatDate } from '@/lib/format-date';
import { mergeById } from '@/lib/merge-by-id';
import { tokenState } from '@/lib/token-expiry';
import { ConfirmAction } from './confirm-action';
import { ConsoleProblemAlert } from './console-problem-alert';
import { CreateTokenForm } from './create-token-form';
import { DataTable } from './data-table';
import { cellClass } from './form-styles';
import { NewKeyPanel } from './new-key-panel';
import { OpenFormButton, PageSection } from './page-section';
import { useLoaded } from './use-loaded';
import { WhenLoaded } from './when-loaded';

const stateClass = {
  active: 'bg-emerald-50 text-emerald-700',
  expired: 'bg-amber-50 text-amber-700',
  revoked: 'bg-slate-100 text-slate-600',
};

/** Personal access tokens of the signed-in user: for the CLI and scripts, in every tenant the user belongs to. */
export function TokensView() {
  const tokens = useLoaded(useCallback(() => consoleApi.listTokens(), []));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedAccessToken | null>(null);

  /** A revoked token keeps its place; a new one goes first. */
  function replace(token: AccessToken) {
    tokens.setData((list) => mergeById(list, [token]));
  }

  const now = new Date();
  return (
    <PageSection
      id="tokens-title"
      title="Personal access tokens"
      actions={
        <OpenFormButton open={creating} onOpen={() => setCreating(true)}>
          Create token
        </OpenFormButton>
      }
    >
      <p className="text-sm text-slate-600">
        A token acts as you, with your role in each tenant, from the <code>tollgate</code> CLI or a script (
        <code>Authorization: Bearer tgp_…</code>). It cannot manage tokens.
      </p>
      {created ? (
        <NewKeyPanel
          noun="token"
          apiKey={created.token}
          name={created.data.name}
          onDone={() => setCreated(null)}
        />
      ) : null}
      {creating ? (
        <CreateTokenForm
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
            replace(result.data);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <ConsoleProblemAlert error={tokens.error} />
      <WhenLoaded data={tokens.data} error={tokens.error} loading="Loading tokens…">
        {(list) =>
          list.length === 0 ? (
            <p className="text-slate-600">No tokens yet.</p>
          ) : (
            <DataTable
              caption="Your personal access tokens"
              headings={['Name', 'Prefix', 'Scopes', 'Status', 'Created', 'Last used', 'Expires']}
              actions
            >
              {list.map((token) => {
                const state = tokenState(token, now);
                return (
                  <tr key={token.id} data-testid="token-row" data-token-prefix={token.prefix}>
                    <td className={`${cellClass} font-medium`}>{token.name}</td>
                    <td className={`${cellClass} font-mono`}>{token.prefix}…</td>
                    <td className={cellClass}>{token.scopes.join(', ')}</td>
                    <td className={cellClass}>
                      <span
                        data-testid="token-status"
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ${stateClass[state]}`}
                      >
                        {state}
                      </span>
                    </td>
                    <td className={`${cellClass} text-slate-600`}>{formatDate(token.createdAt)}</td>
                    <td className={`${cellClass} text-slate-600`}>
                      {token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never'}
                    </td>
                    <td className={`${cellClass} text-slate-600`}>
                      {token.expiresAt ? formatDate(token.expiresAt) : 'never'}
                    </td>
                    <td className={`${cellClass} text-right`}>
                      {state === 'active' ? (
                        <ConfirmAction
                          label="Revoke"
                          ariaLabel={`Revoke ${token.name}`}
                          question="Revoke this token? Scripts using it stop working."
                          confirmLabel="Confirm revoke"
                          onConfirm={async () => replace(await consoleApi.revokeToken(token.id))}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )
        }
      </WhenLoaded>
    </PageSection>
  );
}
