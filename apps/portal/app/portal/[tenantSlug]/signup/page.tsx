import type { Metadata } from 'next';
import { PortalAuthCard } from '@/components/portal/portal-auth-card';
import { PortalAuthForm } from '@/components/portal/portal-auth-form';

export const metadata: Metadata = { title: 'Create an account · Developer portal' };

export default async function PortalSignupPage({ params }: { params: Promise<{ tenantSlug: string }> }) {
  const { tenantSlug } = await params;
  return (
    <PortalAuthCard slug={tenantSlug} title="Create your developer account">
      <PortalAuthForm slug={tenantSlug} mode="signup" />
    </PortalAuthCard>
  );
}
