import type { ReactNode } from 'react';

/** The centred card of the signed-out pages: sign in, forgotten password, reset, invitation. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">Tollgate</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
