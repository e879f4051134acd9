import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/forgot-password-form';
import { PortalAuthCard } from '@/components/portal/portal-auth-card';

export const metadata: Metadata = { title: 'Forgot password · Developer portal' };

export default async function PortalForgotPasswordPage({
  params,
}: {
  params: Promise<{ tenantSlug: string }>;
}) {
  const { tenantSlug } = await params;
  return (
    <PortalAuthCard slug={tenantSlug} title="Reset your password">
      <ForgotPasswordForm portalSlug={tenantSlug} />
    </PortalAuthCard>
  );
}
