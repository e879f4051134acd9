import type { Metadata } from 'next';
import { PortalAuthCard } from '@/components/portal/portal-auth-card';
import { PortalAuthForm } from '@/components/portal/portal-auth-form';

export const metadata: Metadata = { title: 'Sign in · Developer portal' };

interface Props {
  params: Promise<{ tenantSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `?reset=1` follows a new password. */
export default async function PortalLoginPage({ params, searchParams }: Props) {
  const { tenantSlug } = await params;
  const { reset } = await searchParams;
  return (
    <PortalAuthCard slug={tenantSlug} title="Sign in">
      {reset === '1' ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          Your password was changed. Sign in with the new one.
        </p>
      ) : null}
      <PortalAuthForm slug={tenantSlug} mode="login" />
    </PortalAuthCard>
  );
}
