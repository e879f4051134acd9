import type { Metadata } from 'next';
import { PortalAuthCard } from '@/components/portal/portal-auth-card';
import { PortalAuthForm } from '@/components/portal/portal-auth-form';

export const metadata: Metadata = { title: 'Sign in · Developer portal' };

export default async function PortalLoginPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  return (
    <PortalAuthCard slug={tenantSlug} title="Sign in">
      <PortalAuthForm slug={tenantSlug} mode="login" />
    </PortalAuthCard>
  );
}
