'use client';

import { type ReactNode, useState } from 'react';
import { problemLine } from '@/lib/problem-message';
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
        className="rounded-md border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50"
      >
        {label}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-slate-600">{question}</span>
      <button
        type="button"
        onClick={confirm}
        disabled={pending}
        className="rounded-md bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-60"
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        onClick={() => setConfirming(false)}
        disabled={pending}
        className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50"
      >
        Cancel
      </button>
      {error ? (
        <span role="alert" className="text-red-700">
          {problemLine(error)}
        </span>
      ) : null}
    </span>
  );
}
