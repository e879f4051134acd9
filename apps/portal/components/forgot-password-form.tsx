'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { passwordResetTarget } from '@/lib/password-reset-target';
import { fieldClass, labelClass, primaryButtonClass } from './form-styles';
import { PasswordResetAlert } from './password-reset-alert';

/**
 * Asks for a reset mail. The answer is the same whether or not the address has an account, so
 * the page says "if" rather than confirming that one exists. `portalSlug`: a developer's account
 * on that tenant's portal rather than a console user's.
 */
export function ForgotPasswordForm({ portalSlug }: { portalSlug?: string }) {
  const target = passwordResetTarget(portalSlug);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setPending(true);
    setError(null);
    try {
      await target.request(email);
      setSentTo(email);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  if (sentTo) {
    return (
      <div role="status" className="space-y-4 text-sm">
        <p>
          If <strong>{sentTo}</strong> has {target.accountWords}, a mail with a reset link is on its way. The
          link works for 30 minutes.
        </p>
        <p>
          <Link href={target.loginHref} className="text-indigo-700 underline hover:text-indigo-900">
            Back to sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <p className="text-sm text-slate-600">
        Enter your account’s email and we will mail you a link to choose a new password.
      </p>
      <PasswordResetAlert error={error} portalSlug={portalSlug} />
      <div>
        <label htmlFor="reset-email" className={labelClass}>
          Email
        </label>
        <input
          id="reset-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          className={fieldClass}
        />
      </div>
      <button type="submit" disabled={pending} className={`w-full ${primaryButtonClass}`}>
        {pending ? 'Sending…' : 'Send reset link'}
      </button>
      <p className="text-center text-sm">
        <Link href={target.loginHref} className="text-indigo-700 underline hover:text-indigo-900">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
