'use client';

import { createContext, type ReactNode, use, useCallback } from 'react';
import { portalApi } from '@/lib/portal/portal-client';
import { portalHref } from '@/lib/portal/portal-paths';
import type { PortalSession } from '@/lib/portal/portal-types';
import { SessionPending, useSignedIn } from '../signed-in';
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
  const onThisPortal = useCallback((me: PortalSession) => me.tenant.slug === slug, [slug]);
  const { session, error, onUnauthenticated } = useSignedIn(
    portalApi.me,
    portalHref(slug, 'login'),
    onThisPortal,
  );
  if (!session) {
    return <SessionPending error={error} alert={<PortalProblemAlert error={error} action="page" />} />;
  }
  return <PortalSessionContext value={{ session, slug, onUnauthenticated }}>{children}</PortalSessionContext>;
}
