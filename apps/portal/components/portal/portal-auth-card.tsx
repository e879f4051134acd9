import type { ReactNode } from 'react';

/** The centred card of the sign-up and sign-in pages. */
export function PortalAuthCard({
  slug,
  title,
  children,
}: {
  slug: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">
          Developer portal · <span data-testid="portal-slug">{slug}</span>
        </p>
        <h1 className="mt-1 mb-6 text-2xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  );
}
