'use client';

import { type FormEvent, useState } from 'react';
import { consoleApi } from '@/lib/console-api';
import type { CreatedAccessToken, TokenScope } from '@/lib/console-types';
import { expiresAtFor, expiryChoices } from '@/lib/token-expiry';
import { ConsoleProblemAlert } from './console-problem-alert';
import { FormButtons } from './form-buttons';
import { fieldClass, hintClass, labelClass, panelClass } from './form-styles';
import { useAction } from './use-action';

/** Name, scopes and expiry of a new personal access token (the CLI and scripts sign in with it). */
export function CreateTokenForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: CreatedAccessToken) => void;
  onCancel: () => void;
}) {
  const [expiry, setExpiry] = useState<string>('30');
  const [formError, setFormError] = useState<string | null>(null);
  const { pending, error, run } = useAction();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = form.getAll('scopes').map(String) as TokenScope[];
    const expiresAt = expiresAtFor(expiry, String(form.get('expiresOn') ?? ''), new Date());
    if (scopes.length === 0) return setFormError('Choose at least one scope.');
    if (expiresAt === null) return setFormError('Choose the date the token stops working.');
    setFormError(null);
    await run(async () =>
      onCreated(
        await consoleApi.createToken({
          name: String(form.get('name') ?? '').trim(),
          scopes,
          ...(expiresAt === undefined ? {} : { expiresAt }),
        }),
      ),
    );
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="create-token-title" className={`space-y-4 ${panelClass}`}>
      <h2 id="create-token-title" className="text-lg font-semibold">
        Create a token
      </h2>
      <ConsoleProblemAlert error={error} />
      {formError ? (
        <p role="alert" className="text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="token-name" className={labelClass}>
            Token name
          </label>
          <input id="token-name" name="name" required maxLength={100} className={fieldClass} />
          <p className={hintClass}>What uses it, e.g. “CI deploy”.</p>
        </div>
        <fieldset>
          <legend className={labelClass}>Scopes</legend>
          <div className="mt-2 space-y-1 text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" name="scopes" value="read" defaultChecked /> read: look things up (GET
              only)
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="scopes" value="write" /> write: make changes your role allows
            </label>
          </div>
        </fieldset>
        <div>
          <label htmlFor="token-expiry" className={labelClass}>
            Expires
          </label>
          <select
            id="token-expiry"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
            className={fieldClass}
          >
            {expiryChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        {expiry === 'custom' ? (
          <div>
            <label htmlFor="token-expires-on" className={labelClass}>
              Expiry date
            </label>
            <input id="token-expires-on" name="expiresOn" type="date" required className={fieldClass} />
          </div>
        ) : null}
      </div>
      <FormButtons label="Create token" disabled={pending} onCancel={onCancel} />
    </form>
  );
}
