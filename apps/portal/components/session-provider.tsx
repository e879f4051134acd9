'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, use, useCallback, useEffect, useState } from 'react';
import { api, isUnauthenticated } from '@/lib/api-client';
import type { Membership, Session } from '@/lib/api-types';
import { pickTenant, rememberedTenant, rememberTenant } from '@/lib/current-tenant';
import { ConsoleProblemAlert } from './console-problem-alert';

interface SessionState {
  session: Session;
  /** The current tenant: the one last chosen in this browser, else the first membership. */
  tenant: Membership;
  /** Shows another of the user's tenants (remembered in this browser). */
  switchTenant: (tenantId: string) => void;
  /** Call with any failed request: a lost session sends the user back to sign in. */
  onUnauthenticated: (error: unknown) => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = use(SessionContext);
  if (!state) throw new Error('useSession must be used inside <SessionProvider>');
  return state;
}

/** Loads `/auth/me`; on 401 redirects to /login, otherwise renders the page with the session. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosenTenantId, setChosenTenantId] = useState<string | null>(null);

  const switchTenant = useCallback((tenantId: string) => {
    rememberTenant(tenantId);
    setChosenTenantId(tenantId);
  }, []);

  const onUnauthenticated = useCallback(
    (failure: unknown) => {
      if (isUnauthenticated(failure)) router.replace('/login');
    },
    [router],
  );

  useEffect(() => {
    let live = true;
    setChosenTenantId(rememberedTenant());
    api.me().then(
      (me) => live && setSession(me),
      (failure: unknown) => {
        if (!live) return;
        if (isUnauthenticated(failure)) router.replace('/login');
        else setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, [router]);

  if (error) {
    return (
      <main className="mx-auto max-w-xl px-6 py-16">
        <ConsoleProblemAlert error={error} />
      </main>
    );
  }
  if (!session) {
    return (
      <p role="status" className="px-6 py-16 text-center text-slate-500">
        Loading…
      </p>
    );
  }
  const tenant = pickTenant(session.memberships, chosenTenantId);
  if (!tenant) {
    return (
      <main className="mx-auto max-w-xl px-6 py-16">
        <p>Your account is not a member of any tenant yet.</p>
      </main>
    );
  }
  return (
    <SessionContext value={{ session, tenant, switchTenant, onUnauthenticated }}>{children}</SessionContext>
  );
}
