import type { ReactNode } from 'react';

/**
 * The centred card of the signed-out pages: the console's sign in, forgotten password, reset and
 * invitation, and a developer portal's sign-up and sign-in (`brand` names the portal).
 */
export function AuthCard({
  title,
  brand = 'Tollgate',
  children,
}: {
  title: string;
  brand?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">{brand}</p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
