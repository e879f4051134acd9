'use client';

import { useState } from 'react';

/**
 * Shows a freshly created secret (an API key, a personal access token) once, with a copy button;
 * the portal never shows it again. `noun` names it in the text and in the test id (`new-key`).
 */
export function NewKeyPanel({
  apiKey,
  name,
  onDone,
  noun = 'key',
}: {
  apiKey: string;
  name: string;
  onDone: () => void;
  noun?: 'key' | 'token';
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(apiKey);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div
      role="dialog"
      aria-labelledby="new-key-title"
      aria-describedby="new-key-note"
      className="rounded-lg border border-amber-300 bg-amber-50 p-5"
    >
      <h2 id="new-key-title" className="text-lg font-semibold">
        Your new {noun} “{name}”
      </h2>
      <p id="new-key-note" className="mt-1 text-sm text-amber-900">
        Copy it now and store it somewhere safe: you will not see it again.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <code
          data-testid={`new-${noun}`}
          className="select-all break-all rounded-md border border-amber-200 bg-white px-3 py-2 font-mono text-sm"
        >
          {apiKey}
        </code>
        <button
          type="button"
          onClick={copy}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Copy
        </button>
        <span aria-live="polite" className="text-sm text-slate-700">
          {copied === 'yes'
            ? 'Copied'
            : copied === 'failed'
              ? `Copy failed: select the ${noun} and copy it by hand`
              : ''}
        </span>
      </div>
      <button type="button" onClick={onDone} className="mt-4 text-sm text-slate-700 underline">
        I have stored the {noun}
      </button>
    </div>
  );
}
