'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { api } from '@/lib/api-client';
import { useSession } from './session-provider';

const links = [
  { href: '/keys', label: 'Keys' },
  { href: '/usage', label: 'Usage' },
];

export function NavBar() {
  const { session, tenant } = useSession();
  const pathname = usePathname();
  const router = useRouter();

  async function signOut() {
    // Leave even if the call fails: the worst case is a session that expires on its own.
    await api.logout().catch(() => undefined);
    router.replace('/login');
  }

  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
        <span className="font-semibold text-indigo-600">Tollgate</span>
        <span className="text-sm text-slate-600" data-testid="tenant-name">
          {tenant.tenantName}
        </span>
        <ul className="flex gap-4">
          {links.map((link) => {
            const current = pathname === link.href;
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={current ? 'page' : undefined}
                  className={current ? 'font-medium text-indigo-700' : 'text-slate-700 hover:text-indigo-700'}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <span className="ml-auto text-sm text-slate-500">{session.user.email}</span>
        <button type="button" onClick={signOut} className="text-sm text-slate-700 hover:text-indigo-700">
          Sign out
        </button>
      </nav>
    </header>
  );
}
