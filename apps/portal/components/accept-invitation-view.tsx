'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError, api, isUnauthenticated } from '@/lib/api-client';
import type { Membership, Session } from '@/lib/api-types';
import { consoleApi } from '@/lib/console-api';
import { rememberTenant } from '@/lib/current-tenant';
import { ConsoleProblemAlert } from './console-problem-alert';
import { primaryButtonClass, secondaryButtonClass } from './form-styles';

const linkClass = 'text-indigo-700 underline hover:text-indigo-900';

type Viewer = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; session: Session };

/**
 * The invitation mail's link (`/invitations/accept?token=…`): the invited person signs in with
 * the invited address, then joins the tenant. The control plane checks the address.
 */
export function AcceptInvitationView({ token }: { token: string }) {
  const router = useRouter();
  const [viewer, setViewer] = useState<Viewer>({ state: 'loading' });
  const [joined, setJoined] = useState<Membership | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let live = true;
    api.me().then(
      (session) => live && setViewer({ state: 'signed-in', session }),
      (failure: unknown) => {
        if (!live) return;
        if (isUnauthenticated(failure)) setViewer({ state: 'signed-out' });
        else setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  if (!token) {
    return (
      <p role="alert" className="text-sm">
        This page needs the link from your invitation mail, and the link you opened has no token.
      </p>
    );
  }

  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;

  async function accept() {
    setPending(true);
    setError(null);
    try {
      const membership = await consoleApi.acceptInvitation(token);
      rememberTenant(membership.tenantId);
      setJoined(membership);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  async function signOut() {
    await api.logout().catch(() => undefined);
    router.replace(`/login?next=${encodeURIComponent(here)}`);
  }

  if (joined) {
    return (
      <div role="status" className="space-y-4 text-sm">
        <p>
          You joined <strong>{joined.tenantName}</strong> as <strong>{joined.role}</strong>.
        </p>
        <Link href="/keys" className={linkClass}>
          Open the console
        </Link>
      </div>
    );
  }
  if (viewer.state === 'loading') {
    return error ? (
      <ConsoleProblemAlert error={error} />
    ) : (
      <p role="status" className="text-sm text-slate-500">
        Loading…
      </p>
    );
  }
  if (viewer.state === 'signed-out') {
    return (
      <div className="space-y-4 text-sm">
        <p>Sign in with the email address the invitation was sent to, then accept it.</p>
        <Link
          href={`/login?next=${encodeURIComponent(here)}`}
          className={`inline-block ${primaryButtonClass}`}
        >
          Sign in to accept
        </Link>
      </div>
    );
  }
  const wrongAccount = error instanceof ApiError && error.problem.code === 'invitation_invalid';
  return (
    <div className="space-y-4 text-sm">
      <p>
        You are signed in as <strong>{viewer.session.user.email}</strong>.
      </p>
      <ConsoleProblemAlert error={error} />
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={accept} disabled={pending} className={primaryButtonClass}>
          {pending ? 'Joining…' : 'Accept invitation'}
        </button>
        {wrongAccount ? (
          <button type="button" onClick={signOut} className={secondaryButtonClass}>
            Sign in with another account
          </button>
        ) : null}
      </div>
    </div>
  );
}
