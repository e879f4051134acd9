import type { ReactNode } from 'react';
import { PortalNav } from '@/components/portal/portal-nav';
import { PortalSessionProvider } from '@/components/portal/portal-session';

/** Every signed-in page of a tenant's developer portal: the session guard, then the nav. */
export default async function PortalAccountLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenantSlug: string }>;
}) {
  const { tenantSlug } = await params;
  return (
    <PortalSessionProvider slug={tenantSlug}>
      <PortalNav />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </PortalSessionProvider>
  );
}
