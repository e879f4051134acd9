import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth-card';
import { LoginForm } from '@/components/login-form';
import { safeNextPath } from '@/lib/safe-next-path';

export const metadata: Metadata = { title: 'Sign in · Tollgate' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `?next=` comes back after sign-in (an invitation link); `?reset=1` follows a new password. */
export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const next = typeof query.next === 'string' ? query.next : undefined;
  return (
    <AuthCard title="Sign in to your portal">
      {query.reset === '1' ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          Your password was changed. Sign in with the new one.
        </p>
      ) : null}
      <LoginForm next={safeNextPath(next)} />
    </AuthCard>
  );
}
