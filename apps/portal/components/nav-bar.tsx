'use client';

import { useRouter } from 'next/navigation';
import { api } from '@/lib/api-client';
import type { Membership } from '@/lib/api-types';
import { can } from '@/lib/console-permissions';
import { NavLinks } from './nav-links';
import { useSession } from './session-provider';

const links: { href: string; label: string; shownTo?: (role: Membership['role']) => boolean }[] = [
  { href: '/keys', label: 'Keys' },
  { href: '/usage', label: 'Usage' },
  { href: '/releases', label: 'Releases' },
  { href: '/members', label: 'Members' },
  // Hidden from roles the log refuses (the page still answers them with the API's 403).
  { href: '/audit', label: 'Audit log', shownTo: (role) => can(role, 'audit.read') },
  { href: '/tokens', label: 'Tokens' },
];

export function NavBar() {
  const { session, tenant, switchTenant } = useSession();
  const router = useRouter();

  async function signOut() {
    // Leave even if the call fails: the worst case is a session that expires on its own.
    await api.logout().catch(() => undefined);
    router.replace('/login');
  }

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3"
      >
        <span className="font-semibold text-indigo-600">Tollgate</span>
        {session.memberships.length > 1 ? (
          <select
            aria-label="Tenant"
            value={tenant.tenantId}
            onChange={(event) => switchTenant(event.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {session.memberships.map((membership) => (
              <option key={membership.tenantId} value={membership.tenantId}>
                {membership.tenantName} ({membership.role})
              </option>
            ))}
          </select>
        ) : null}
        <span
          className={session.memberships.length > 1 ? 'sr-only' : 'text-sm text-slate-600'}
          data-testid="tenant-name"
        >
          {tenant.tenantName}
        </span>
        <NavLinks
          className="flex flex-wrap gap-4"
          links={links.filter((link) => link.shownTo?.(tenant.role) ?? true)}
        />
        <span className="ml-auto text-sm text-slate-500">{session.user.email}</span>
        <button type="button" onClick={signOut} className="text-sm text-slate-700 hover:text-indigo-700">
          Sign out
        </button>
      </nav>
    </header>
  );
}
