'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, use, useCallback, useEffect, useState } from 'react';
import { isUnauthenticated } from '@/lib/api-client';
import { portalApi } from '@/lib/portal/portal-client';
import { portalHref } from '@/lib/portal/portal-paths';
import type { PortalSession } from '@/lib/portal/portal-types';
import { PortalProblemAlert } from './portal-problem-alert';

interface PortalSessionState {
  session: PortalSession;
  /** The portal's tenant slug, from the address. */
  slug: string;
  /** Call with any failed request: a lost session sends the developer back to sign in. */
  onUnauthenticated: (error: unknown) => void;
}

const PortalSessionContext = createContext<PortalSessionState | null>(null);

export function usePortalSession(): PortalSessionState {
  const state = use(PortalSessionContext);
  if (!state) throw new Error('usePortalSession must be used inside <PortalSessionProvider>');
  return state;
}

/**
 * Loads `GET /v1/me`; without a developer session on this tenant's portal (none, or one on
 * another tenant's portal) it sends the visitor to this portal's sign-in page.
 */
export function PortalSessionProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const router = useRouter();
  const [session, setSession] = useState<PortalSession | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loginHref = portalHref(slug, 'login');

  const onUnauthenticated = useCallback(
    (failure: unknown) => {
      if (isUnauthenticated(failure)) router.replace(loginHref);
    },
    [router, loginHref],
  );

  useEffect(() => {
    let live = true;
    portalApi.me().then(
      (me) => {
        if (!live) return;
        if (me.tenant.slug === slug) setSession(me);
        else router.replace(loginHref);
      },
      (failure: unknown) => {
        if (!live) return;
        if (isUnauthenticated(failure)) router.replace(loginHref);
        else setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, [router, slug, loginHref]);

  if (error) {
    return (
      <main className="mx-auto max-w-xl px-4 py-16 sm:px-6">
        <PortalProblemAlert error={error} action="page" />
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
  return <PortalSessionContext value={{ session, slug, onUnauthenticated }}>{children}</PortalSessionContext>;
}
