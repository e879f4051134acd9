'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { api } from '@/lib/api-client';
import { ConsoleProblemAlert } from './console-problem-alert';
import { fieldClass as inputClass, labelClass } from './form-styles';

/** `next`: where to go once signed in (already checked to be a path on this portal). */
export function LoginForm({ next = '/keys' }: { next?: string }) {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await api.login(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      router.replace(next);
    } catch (failure) {
      setError(failure);
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <ConsoleProblemAlert error={error} />
      <div>
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="email" required className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="text-indigo-700 underline hover:text-indigo-900">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}
