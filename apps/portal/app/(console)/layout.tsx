import type { ReactNode } from 'react';
import { AlertsBanner } from '@/components/alerts-banner';
import { NavBar } from '@/components/nav-bar';
import { SessionProvider } from '@/components/session-provider';

/** Every signed-in page: the session guard, then the nav and the tenant's usage alerts. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <NavBar />
      <AlertsBanner />
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </SessionProvider>
  );
}
