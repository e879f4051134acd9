import type { Metadata } from 'next';
import { AcceptInvitationView } from '@/components/accept-invitation-view';
import { AuthCard } from '@/components/auth-card';

export const metadata: Metadata = {
  title: 'Accept invitation · Tollgate',
  // The URL carries the invitation token: never send it on to another site.
  referrer: 'no-referrer',
};

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The invitation mail's link: `/invitations/accept?token=…` (see the control plane's members service). */
export default async function AcceptInvitationPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Join a tenant">
      <AcceptInvitationView token={typeof token === 'string' ? token : ''} />
    </AuthCard>
  );
}
