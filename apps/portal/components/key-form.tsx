'use client';

import type { FormEvent, ReactNode } from 'react';
import type { KeyEnvironment } from '@/lib/api-types';
import { FormButtons } from './form-buttons';
import { fieldClass, hintClass, labelClass, panelClass } from './form-styles';

export interface KeyInput {
  name: string;
  environment: KeyEnvironment;
}

/**
 * "Create a key": a name and live or test, for the console and the developer portal. The console
 * adds the consumer and subscription fields (`children`); each surface sends it and words failures.
 */
export function KeyForm({
  alert,
  pending,
  ready = true,
  nameHint,
  onSubmit,
  onCancel,
  children,
}: {
  /** The surface's problem alert for the last failure. */
  alert: ReactNode;
  pending: boolean;
  /** False until the form's options are in (submitting then would do nothing). */
  ready?: boolean;
  nameHint?: string;
  onSubmit: (input: KeyInput, form: FormData) => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const environment: KeyEnvironment = form.get('environment') === 'test' ? 'test' : 'live';
    onSubmit({ name: String(form.get('name') ?? ''), environment }, form);
  }

  return (
    <form
      onSubmit={submit}
      aria-labelledby="create-key-title"
      aria-busy={pending}
      className={`space-y-4 ${panelClass}`}
    >
      <h2 id="create-key-title" className="text-lg font-semibold">
        Create a key
      </h2>
      {alert}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="key-name" className={labelClass}>
            Key name
          </label>
          <input
            id="key-name"
            name="name"
            required
            maxLength={100}
            aria-describedby={nameHint ? 'key-name-hint' : undefined}
            className={fieldClass}
          />
          {nameHint ? (
            <p id="key-name-hint" className={hintClass}>
              {nameHint}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor="key-environment" className={labelClass}>
            Environment
          </label>
          <select id="key-environment" name="environment" defaultValue="live" className={fieldClass}>
            <option value="live">live</option>
            <option value="test">test</option>
          </select>
        </div>
        {children}
      </div>
      <FormButtons label="Create key" disabled={pending || !ready} onCancel={onCancel} />
    </form>
  );
}
