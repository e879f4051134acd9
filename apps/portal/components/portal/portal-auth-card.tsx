import type { ReactNode } from 'react';
import { AuthCard } from '../auth-card';

/** The card of a developer portal's sign-up and sign-in pages, named after the portal. */
export function PortalAuthCard({
  slug,
  title,
  children,
}: {
  slug: string;
  title: string;
  children: ReactNode;
}) {
  const brand = (
    <>
      Developer portal · <span data-testid="portal-slug">{slug}</span>
    </>
  );
  return (
    <AuthCard title={title} brand={brand}>
      {children}
    </AuthCard>
  );
}
