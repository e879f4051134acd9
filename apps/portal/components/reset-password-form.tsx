'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ApiError } from '@/lib/api-client';
import { passwordResetTarget } from '@/lib/password-reset-target';
import { fieldClass, hintClass, labelClass, primaryButtonClass } from './form-styles';
import { PasswordResetAlert } from './password-reset-alert';

const passwordMin = 8;

/**
 * Sets a new password with the token from the mail link; every session of the account ends.
 * `portalSlug`: a developer's account on that tenant's portal rather than a console user's.
 */
export function ResetPasswordForm({ token, portalSlug }: { token: string; portalSlug?: string }) {
  const target = passwordResetTarget(portalSlug);
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [pending, setPending] = useState(false);

  if (!token) {
    return (
      <div role="alert" className="space-y-4 text-sm">
        <p>This page needs the link from your reset mail, and the link you opened has no token.</p>
        <Link href={target.forgotHref} className="text-indigo-700 underline hover:text-indigo-900">
          Ask for a new link
        </Link>
      </div>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setPending(true);
    setError(null);
    try {
      await target.confirm(token, password);
      router.replace(target.afterResetHref);
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  }

  const linkDead = error instanceof ApiError && error.problem.code === 'reset_token_invalid';
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <PasswordResetAlert error={error} portalSlug={portalSlug} />
      {linkDead ? (
        <p className="text-sm">
          <Link href={target.forgotHref} className="text-indigo-700 underline hover:text-indigo-900">
            Ask for a new reset link
          </Link>
        </p>
      ) : null}
      <div>
        <label htmlFor="new-password" className={labelClass}>
          New password
        </label>
        <input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={passwordMin}
          maxLength={256}
          aria-describedby="new-password-hint"
          className={fieldClass}
        />
        <p id="new-password-hint" className={hintClass}>
          At least {passwordMin} characters.
        </p>
      </div>
      <div>
        <label htmlFor="confirm-password" className={labelClass}>
          Confirm new password
        </label>
        <input
          id="confirm-password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={mismatch || undefined}
          aria-describedby={mismatch ? 'confirm-password-error' : undefined}
          className={fieldClass}
        />
        {mismatch ? (
          <p id="confirm-password-error" role="alert" className="mt-1 text-sm text-red-700">
            The two passwords differ: type the same one twice.
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className={`w-full ${primaryButtonClass}`}>
        {pending ? 'Saving…' : 'Set new password'}
      </button>
    </form>
  );
}
