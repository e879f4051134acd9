'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { portalApi } from '@/lib/portal/portal-client';
import { type PortalPage, portalHref } from '@/lib/portal/portal-paths';
import { NavLinks } from '../nav-links';
import { usePortalSession } from './portal-session';

const pages: { page: PortalPage; label: string }[] = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'plans', label: 'Plans' },
  { page: 'keys', label: 'API keys' },
  { page: 'usage', label: 'Usage' },
];

/** The developer portal's header: the tenant, its pages, the account and sign-out. */
export function PortalNav() {
  const { session, slug } = usePortalSession();
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);

  async function signOut() {
    setLeaving(true);
    // Leave even if the call fails: the worst case is a session that expires on its own.
    await portalApi.logout(slug).catch(() => undefined);
    router.replace(portalHref(slug, 'login'));
  }

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav
        aria-label="Developer portal"
        className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6"
      >
        <span className="font-semibold text-indigo-600" data-testid="portal-tenant">
          {session.tenant.name}
          <span className="ml-2 text-sm font-normal text-slate-500">developer portal</span>
        </span>
        <NavLinks
          className="order-last flex w-full gap-4 sm:order-none sm:w-auto"
          links={pages.map(({ page, label }) => ({ href: portalHref(slug, page), label }))}
        />
        <span className="ml-auto truncate text-sm text-slate-500" data-testid="portal-account">
          {session.account.email}
        </span>
        <button
          type="button"
          onClick={signOut}
          disabled={leaving}
          className="text-sm text-slate-700 hover:text-indigo-700 disabled:opacity-60"
        >
          Sign out
        </button>
      </nav>
    </header>
  );
}
