'use client';

import { useId, useState } from 'react';
import { graceOptions } from '@/lib/portal/key-state';
import { portalApi } from '@/lib/portal/portal-client';
import type { PortalKey, RotatedPortalKey } from '@/lib/portal/portal-types';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalSession } from './portal-session';

interface Props {
  apiKey: PortalKey;
  /** False for a key already replaced by rotation: only revoking it is offered. */
  canRotate: boolean;
  onRotated: (rotated: RotatedPortalKey) => void;
  onRevoked: (key: PortalKey) => void;
}

const quietButton = 'rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60';

/**
 * "Rotate" (choose how long the old key keeps working) and "Revoke", each confirmed inline
 * (no window.confirm: it blocks the page and tests dismiss it).
 */
export function KeyActions({ apiKey, canRotate, onRotated, onRevoked }: Props) {
  const { onUnauthenticated } = usePortalSession();
  const graceId = useId();
  const [mode, setMode] = useState<'idle' | 'rotate' | 'revoke'>('idle');
  const [graceSeconds, setGraceSeconds] = useState<number>(86_400);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<void>) {
    setPending(true);
    setError(null);
    try {
      await action();
      setMode('idle');
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  function cancel() {
    setMode('idle');
    setError(null);
  }

  if (mode === 'idle') {
    return (
      <span className="inline-flex flex-wrap justify-end gap-2">
        {canRotate ? (
          <button
            type="button"
            onClick={() => setMode('rotate')}
            aria-label={`Rotate ${apiKey.name}`}
            className={quietButton}
          >
            Rotate
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => setMode('revoke')}
          aria-label={`Revoke ${apiKey.name}`}
          className="rounded-md border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50"
        >
          Revoke
        </button>
      </span>
    );
  }

  return (
    <div className="flex flex-col items-end gap-2 text-left">
      {mode === 'rotate' ? (
        <div className="flex flex-wrap items-center justify-end gap-2">
          <label htmlFor={graceId} className="text-slate-600">
            Old key keeps working for
          </label>
          <select
            id={graceId}
            value={graceSeconds}
            onChange={(event) => setGraceSeconds(Number(event.target.value))}
            disabled={pending}
            className="rounded-md border border-slate-300 bg-white px-2 py-1"
          >
            {graceOptions.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => run(async () => onRotated(await portalApi.rotateKey(apiKey.id, graceSeconds)))}
            disabled={pending}
            className="rounded-md bg-indigo-600 px-3 py-1 text-white hover:bg-indigo-700 disabled:opacity-60"
          >
            Confirm rotate
          </button>
          <button type="button" onClick={cancel} disabled={pending} className={quietButton}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center justify-end gap-2">
          <span className="text-slate-600">Revoke this key? Calls with it fail at once.</span>
          <button
            type="button"
            onClick={() => run(async () => onRevoked(await portalApi.revokeKey(apiKey.id)))}
            disabled={pending}
            className="rounded-md bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-60"
          >
            Confirm revoke
          </button>
          <button type="button" onClick={cancel} disabled={pending} className={quietButton}>
            Cancel
          </button>
        </div>
      )}
      <PortalProblemAlert error={error} action="keys" />
    </div>
  );
}
