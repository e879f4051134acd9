'use client';

import { useRouter } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { isUnauthenticated } from '@/lib/api-client';

const anywhere = () => true;

/**
 * Loads the signed-in session of a surface (the console's user, a developer-portal account) with
 * `load`; without one, or with one that `belongs` refuses (another tenant's portal), it sends the
 * visitor to `loginHref`. `load` and `belongs` must be stable (module-level or memoised).
 */
export function useSignedIn<S>(
  load: () => Promise<S>,
  loginHref: string,
  belongs: (session: S) => boolean = anywhere,
) {
  const router = useRouter();
  const [session, setSession] = useState<S | null>(null);
  const [error, setError] = useState<unknown>(null);

  /** Call with any failed request: a lost session sends the visitor back to sign in. */
  const onUnauthenticated = useCallback(
    (failure: unknown) => {
      if (isUnauthenticated(failure)) router.replace(loginHref);
    },
    [router, loginHref],
  );

  useEffect(() => {
    let live = true;
    load().then(
      (loaded) => {
        if (!live) return;
        if (belongs(loaded)) setSession(loaded);
        else router.replace(loginHref);
      },
      (failure: unknown) => {
        if (!live) return;
        if (isUnauthenticated(failure)) router.replace(loginHref);
        else setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, [router, load, loginHref, belongs]);

  return { session, error, onUnauthenticated };
}

/** What a signed-in layout shows until its session is in: the failure (`alert`), or a loading line. */
export function SessionPending({ error, alert }: { error: unknown; alert: ReactNode }) {
  if (error) return <main className="mx-auto max-w-xl px-4 py-16 sm:px-6">{alert}</main>;
  return (
    <p role="status" className="px-6 py-16 text-center text-slate-500">
      Loading…
    </p>
  );
}
