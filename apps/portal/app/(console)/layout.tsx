import type { ReactNode } from 'react';
import { NavBar } from '@/components/nav-bar';
import { SessionProvider } from '@/components/session-provider';

/** Every signed-in page: the session guard, then the nav. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <NavBar />
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </SessionProvider>
  );
}
