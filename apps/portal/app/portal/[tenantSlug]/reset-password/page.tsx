import type { Metadata } from 'next';
import { PortalAuthCard } from '@/components/portal/portal-auth-card';
import { ResetPasswordForm } from '@/components/reset-password-form';

export const metadata: Metadata = {
  title: 'Choose a new password · Developer portal',
  // The URL carries a reset token: never send it on to another site.
  referrer: 'no-referrer',
};

interface Props {
  params: Promise<{ tenantSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The portal reset mail's link: `/portal/<slug>/reset-password?token=…`. */
export default async function PortalResetPasswordPage({ params, searchParams }: Props) {
  const { tenantSlug } = await params;
  const { token } = await searchParams;
  return (
    <PortalAuthCard slug={tenantSlug} title="Choose a new password">
      <ResetPasswordForm token={typeof token === 'string' ? token : ''} portalSlug={tenantSlug} />
    </PortalAuthCard>
  );
}
