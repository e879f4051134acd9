'use client';

import { useId, useState } from 'react';
import { graceOptions } from '@/lib/portal/key-state';
import { portalApi } from '@/lib/portal/portal-client';
import type { PortalKey, RotatedPortalKey } from '@/lib/portal/portal-types';
import { ConfirmButtons } from '../confirm-buttons';
import { dangerOutlineButtonClass, quietButtonClass } from '../form-styles';
import { PortalProblemAlert } from './portal-problem-alert';
import { usePortalAction } from './use-portal-data';

interface Props {
  apiKey: PortalKey;
  /** False for a key already replaced by rotation: only revoking it is offered. */
  canRotate: boolean;
  onRotated: (rotated: RotatedPortalKey) => void;
  onRevoked: (key: PortalKey) => void;
}

/**
 * "Rotate" (choose how long the old key keeps working) and "Revoke", each confirmed inline
 * (no window.confirm: it blocks the page and tests dismiss it). Not the console's ConfirmAction:
 * two confirmations share one row, and failures read in the developer portal's words.
 */
export function KeyActions({ apiKey, canRotate, onRotated, onRevoked }: Props) {
  const graceId = useId();
  const [mode, setMode] = useState<'idle' | 'rotate' | 'revoke'>('idle');
  const [graceSeconds, setGraceSeconds] = useState<number>(86_400);
  const { pending, error, run, clear } = usePortalAction();

  async function confirm(action: () => Promise<void>) {
    if (await run(action)) setMode('idle');
  }

  function cancel() {
    setMode('idle');
    clear();
  }

  if (mode === 'idle') {
    return (
      <span className="inline-flex flex-wrap justify-end gap-2">
        {canRotate ? (
          <button
            type="button"
            onClick={() => setMode('rotate')}
            aria-label={`Rotate ${apiKey.name}`}
            className={quietButtonClass}
          >
            Rotate
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => setMode('revoke')}
          aria-label={`Revoke ${apiKey.name}`}
          className={dangerOutlineButtonClass}
        >
          Revoke
        </button>
      </span>
    );
  }

  return (
    <div className="flex flex-col items-end gap-2 text-left">
      <div className="flex flex-wrap items-center justify-end gap-2">
        {mode === 'rotate' ? (
          <>
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
            <ConfirmButtons
              label="Confirm rotate"
              tone="normal"
              pending={pending}
              onConfirm={() =>
                void confirm(async () => onRotated(await portalApi.rotateKey(apiKey.id, graceSeconds)))
              }
              onCancel={cancel}
            />
          </>
        ) : (
          <>
            <span className="text-slate-600">Revoke this key? Calls with it fail at once.</span>
            <ConfirmButtons
              label="Confirm revoke"
              pending={pending}
              onConfirm={() => void confirm(async () => onRevoked(await portalApi.revokeKey(apiKey.id)))}
              onCancel={cancel}
            />
          </>
        )}
      </div>
      <PortalProblemAlert error={error} action="keys" />
    </div>
  );
}
