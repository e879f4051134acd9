import type { Metadata } from 'next';
import { LoginForm } from '@/components/login-form';

export const metadata: Metadata = { title: 'Sign in · Tollgate' };

export default function LoginPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">Tollgate</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">Sign in to your portal</h1>
        <LoginForm />
      </div>
    </main>
  );
}
