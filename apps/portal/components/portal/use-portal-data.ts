'use client';

import { type Dispatch, type SetStateAction, useCallback, useEffect, useState } from 'react';
import { usePortalSession } from './portal-session';

export interface LoadedData<T> {
  /** Null until the first answer. */
  data: T | null;
  setData: Dispatch<SetStateAction<T | null>>;
  error: unknown;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` on mount and whenever it changes (wrap it in useCallback); every failure goes
 * to `onFailure` first (which sends a lost session to sign in), then stays for the page's alert.
 * Session-agnostic, so the console's pages can share it.
 */
export function useLoadedWith<T>(load: () => Promise<T>, onFailure: (error: unknown) => void): LoadedData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (failure) {
      onFailure(failure);
      setError(failure);
    }
  }, [load, onFailure]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, setData, error, reload };
}

/** `useLoadedWith` inside the developer portal: a lost session goes to this portal's sign-in page. */
export function usePortalData<T>(load: () => Promise<T>): LoadedData<T> {
  return useLoadedWith(load, usePortalSession().onUnauthenticated);
}
