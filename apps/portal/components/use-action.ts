'use client';

import { useCallback, useState } from 'react';
import { useSession } from './session-provider';

export interface Action {
  pending: boolean;
  /** The last failure, for the form's alert; cleared when the action runs again. */
  error: unknown;
  /** Runs `action` once at a time; true when it succeeded. A lost session goes to sign in. */
  run: (action: () => Promise<void>) => Promise<boolean>;
}

/** The pending flag and failure of a console form or button that calls the control plane. */
export function useAction(): Action {
  const { onUnauthenticated } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(
    async (action: () => Promise<void>) => {
      setPending(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (failure) {
        onUnauthenticated(failure);
        setError(failure);
        return false;
      } finally {
        setPending(false);
      }
    },
    [onUnauthenticated],
  );

  return { pending, error, run };
}
