'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { portalApi } from '@/lib/portal/portal-client';
import { portalHref } from '@/lib/portal/portal-paths';
import { PortalProblemAlert } from './portal-problem-alert';

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200';
const labelClass = 'block text-sm font-medium text-slate-700';

const text = {
  signup: {
    submit: 'Create account',
    pending: 'Creating your account…',
    switchPrompt: 'Already have an account?',
    switchLabel: 'Sign in',
    switchTo: 'login',
  },
  login: {
    submit: 'Sign in',
    pending: 'Signing in…',
    switchPrompt: 'New to this API?',
    switchLabel: 'Create an account',
    switchTo: 'signup',
  },
} as const;

/** Sign-up or sign-in on one tenant's developer portal; either way the developer lands on the dashboard. */
export function PortalAuthForm({ slug, mode }: { slug: string; mode: 'signup' | 'login' }) {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const words = text[mode];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const credentials = {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    setPending(true);
    setError(null);
    try {
      if (mode === 'signup')
        await portalApi.signup(slug, { ...credentials, name: String(form.get('name') ?? '') });
      else await portalApi.login(slug, credentials);
      router.replace(portalHref(slug, 'dashboard'));
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} className="space-y-4" aria-busy={pending}>
        <PortalProblemAlert error={error} action={mode} />
        {mode === 'signup' ? (
          <div>
            <label htmlFor="portal-name" className={labelClass}>
              Your name
            </label>
            <input
              id="portal-name"
              name="name"
              autoComplete="name"
              required
              maxLength={100}
              className={inputClass}
            />
          </div>
        ) : null}
        <div>
          <label htmlFor="portal-email" className={labelClass}>
            Email
          </label>
          <input
            id="portal-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="portal-password" className={labelClass}>
            Password
          </label>
          <input
            id="portal-password"
            name="password"
            type="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            required
            minLength={mode === 'signup' ? 8 : 1}
            maxLength={256}
            aria-describedby={mode === 'signup' ? 'portal-password-hint' : undefined}
            className={inputClass}
          />
          {mode === 'signup' ? (
            <p id="portal-password-hint" className="mt-1 text-xs text-slate-500">
              At least 8 characters.
            </p>
          ) : (
            <p className="mt-1 text-right text-sm">
              <Link
                href={portalHref(slug, 'forgot-password')}
                className="text-indigo-700 underline hover:text-indigo-900"
              >
                Forgot password?
              </Link>
            </p>
          )}
        </div>
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {pending ? words.pending : words.submit}
        </button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        {words.switchPrompt}{' '}
        <Link href={portalHref(slug, words.switchTo)} className="font-medium text-indigo-700 hover:underline">
          {words.switchLabel}
        </Link>
      </p>
    </>
  );
}
