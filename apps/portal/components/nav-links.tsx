'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A header's page links; the current page's is marked for the eye and for screen readers. */
export function NavLinks({
  links,
  className,
}: {
  links: { href: string; label: string }[];
  className: string;
}) {
  const pathname = usePathname();
  return (
    <ul className={className}>
      {links.map(({ href, label }) => {
        const current = pathname === href;
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={current ? 'page' : undefined}
              className={current ? 'font-medium text-indigo-700' : 'text-slate-700 hover:text-indigo-700'}
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
