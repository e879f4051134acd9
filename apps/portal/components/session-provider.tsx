'use client';

import { createContext, type ReactNode, use, useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import type { Membership, Session } from '@/lib/api-types';
import { pickTenant, rememberedTenant, rememberTenant } from '@/lib/current-tenant';
import { ConsoleProblemAlert } from './console-problem-alert';
import { SessionPending, useSignedIn } from './signed-in';

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
  const { session, error, onUnauthenticated } = useSignedIn(api.me, '/login');
  const [chosenTenantId, setChosenTenantId] = useState<string | null>(null);

  useEffect(() => setChosenTenantId(rememberedTenant()), []);

  const switchTenant = useCallback((tenantId: string) => {
    rememberTenant(tenantId);
    setChosenTenantId(tenantId);
  }, []);

  if (!session) return <SessionPending error={error} alert={<ConsoleProblemAlert error={error} />} />;
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
