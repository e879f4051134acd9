'use client';

import { useCallback, useState } from 'react';

export interface Action {
  pending: boolean;
  /** The last failure, for the form's alert; cleared when the action runs again. */
  error: unknown;
  /** Runs `action` once at a time; true when it succeeded. */
  run: (action: () => Promise<void>) => Promise<boolean>;
  /** Forgets the last failure (the form was cancelled). */
  clear: () => void;
}

/**
 * The pending flag and failure of a form or button that calls the control plane; every failure
 * goes to `onFailure` first (which sends a lost session to sign in). Session-agnostic: the
 * console (`useAction`) and the developer portal (`usePortalAction`) bind it.
 */
export function useActionWith(onFailure: (error: unknown) => void): Action {
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
        onFailure(failure);
        setError(failure);
        return false;
      } finally {
        setPending(false);
      }
    },
    [onFailure],
  );

  const clear = useCallback(() => setError(null), []);

  return { pending, error, run, clear };
}
