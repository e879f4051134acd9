import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth-card';
import { ResetPasswordForm } from '@/components/reset-password-form';

export const metadata: Metadata = {
  title: 'Choose a new password · Tollgate',
  // The URL carries a reset token: never send it on to another site.
  referrer: 'no-referrer',
};

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The reset mail's link: `/reset-password?token=…` (see the control plane's password reset service). */
export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Choose a new password">
      <ResetPasswordForm token={typeof token === 'string' ? token : ''} />
    </AuthCard>
  );
}
