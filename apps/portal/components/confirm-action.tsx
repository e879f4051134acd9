'use client';

import { type ReactNode, useState } from 'react';
import { problemLine } from '@/lib/problem-message';
import { ConfirmButtons } from './confirm-buttons';
import { dangerOutlineButtonClass } from './form-styles';
import { useAction } from './use-action';

interface Props {
  /** The first button's text ("Revoke"). */
  label: string;
  /** Its accessible name when the text alone is ambiguous in a table ("Revoke ci token"). */
  ariaLabel?: string;
  /** The question shown once clicked ("Revoke this key? Calls with it will fail."). */
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}

/** A destructive action, then an inline confirmation (no window.confirm: it blocks, and tests dismiss it). */
export function ConfirmAction({ label, ariaLabel, question, confirmLabel, onConfirm }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { pending, error, run } = useAction();

  async function confirm() {
    if (await run(onConfirm)) setConfirming(false);
  }

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        aria-label={ariaLabel}
        className={dangerOutlineButtonClass}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-slate-600">{question}</span>
      <ConfirmButtons
        label={confirmLabel}
        pending={pending}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(false)}
      />
      {error ? (
        <span role="alert" className="text-red-700">
          {problemLine(error)}
        </span>
      ) : null}
    </span>
  );
}
