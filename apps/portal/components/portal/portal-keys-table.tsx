import { type KeyState, keyState } from '@/lib/portal/key-state';
import type { PortalKey, RotatedPortalKey } from '@/lib/portal/portal-types';
import { KeyActions } from './key-actions';

function when(date: Date): string {
  return date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function stateBadge(state: KeyState): { label: string; className: string } {
  switch (state.kind) {
    case 'active':
      return { label: 'active', className: 'bg-emerald-50 text-emerald-700' };
    case 'grace':
      return { label: `rotated, works until ${when(state.until)}`, className: 'bg-amber-50 text-amber-800' };
    case 'replaced':
      return { label: 'rotated, no longer works', className: 'bg-slate-100 text-slate-600' };
    case 'expired':
      return { label: 'expired', className: 'bg-slate-100 text-slate-600' };
    case 'revoked':
      return { label: 'revoked', className: 'bg-slate-100 text-slate-600' };
  }
}

/** Environment and creation time are left out on narrow screens (the prefix shows live or test). */
const columns = [
  { label: 'Name' },
  { label: 'Prefix' },
  { label: 'Environment', wideOnly: true },
  { label: 'Status' },
  { label: 'Created', wideOnly: true },
  { label: 'Actions', hidden: true },
];

interface Props {
  keys: PortalKey[];
  now: Date;
  onRotated: (rotated: RotatedPortalKey) => void;
  onRevoked: (key: PortalKey) => void;
}

/** The developer's keys (prefixes only: a key is shown in full once, when made). */
export function PortalKeysTable({ keys, now, onRotated, onRevoked }: Props) {
  if (keys.length === 0) return <p className="text-slate-600">No keys yet. Create one to call the API.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Your API keys</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={`px-4 py-2 font-medium ${column.wideOnly ? 'hidden md:table-cell' : ''}`}
              >
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => {
            const state = keyState(key, now);
            const badge = stateBadge(state);
            return (
              <tr key={key.id} data-testid="key-row" data-key-prefix={key.prefix}>
                <td className="px-4 py-2 font-medium">{key.name}</td>
                <td className="px-4 py-2 font-mono whitespace-nowrap">{key.prefix}</td>
                <td className="hidden px-4 py-2 md:table-cell">{key.environment}</td>
                <td className="px-4 py-2">
                  <span
                    data-testid="key-status"
                    className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${badge.className}`}
                  >
                    {badge.label}
                  </span>
                </td>
                <td className="hidden px-4 py-2 whitespace-nowrap text-slate-600 md:table-cell">
                  {when(new Date(key.createdAt))}
                </td>
                <td className="px-4 py-2 text-right">
                  {state.kind === 'active' || state.kind === 'grace' ? (
                    <KeyActions
                      apiKey={key}
                      canRotate={state.kind === 'active'}
                      onRotated={onRotated}
                      onRevoked={onRevoked}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
