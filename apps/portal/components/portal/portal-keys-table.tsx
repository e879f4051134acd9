import { type KeyState, keyState } from '@/lib/portal/key-state';
import type { PortalKey, RotatedPortalKey } from '@/lib/portal/portal-types';
import { type KeyBadge, KeysTable } from '../keys-table';
import { KeyActions } from './key-actions';

function when(date: Date): string {
  return date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** The state in words: a rotated key's label says until when it works (`inline-block`: it may wrap). */
function stateBadge(state: KeyState): KeyBadge {
  switch (state.kind) {
    case 'active':
      return { label: 'active', className: 'inline-block bg-emerald-50 text-emerald-700' };
    case 'grace':
      return {
        label: `rotated, works until ${when(state.until)}`,
        className: 'inline-block bg-amber-50 text-amber-800',
      };
    case 'replaced':
      return { label: 'rotated, no longer works', className: 'inline-block bg-slate-100 text-slate-600' };
    case 'expired':
      return { label: 'expired', className: 'inline-block bg-slate-100 text-slate-600' };
    case 'revoked':
      return { label: 'revoked', className: 'inline-block bg-slate-100 text-slate-600' };
  }
}

interface Props {
  keys: PortalKey[];
  now: Date;
  onRotated: (rotated: RotatedPortalKey) => void;
  onRevoked: (key: PortalKey) => void;
}

/** The developer's keys: their state judged at `now`; rotation while active, revocation while the key works. */
export function PortalKeysTable({ keys, now, onRotated, onRevoked }: Props) {
  return (
    <KeysTable
      keys={keys}
      caption="Your API keys"
      compact
      created={(key) => when(new Date(key.createdAt))}
      badge={(key) => stateBadge(keyState(key, now))}
      actions={(key) => {
        const state = keyState(key, now).kind;
        return state === 'active' || state === 'grace' ? (
          <KeyActions
            apiKey={key}
            canRotate={state === 'active'}
            onRotated={onRotated}
            onRevoked={onRevoked}
          />
        ) : null;
      }}
    />
  );
}
