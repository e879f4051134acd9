import { redirect } from 'next/navigation';
import { portalHref } from '@/lib/portal/portal-paths';

/** The portal's address: the dashboard, which sends a visitor without a session to sign in. */
export default async function PortalHome({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  redirect(portalHref(tenantSlug, 'dashboard'));
}
