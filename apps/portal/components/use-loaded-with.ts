'use client';

import { type Dispatch, type SetStateAction, useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  /** Null until the first answer. */
  data: T | null;
  setData: Dispatch<SetStateAction<T | null>>;
  error: unknown;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` on mount and whenever it changes (wrap it in useCallback); every failure goes
 * to `onFailure` first (which sends a lost session to sign in), then stays for the page's alert.
 * Session-agnostic: the console (`useLoaded`) and the developer portal (`usePortalData`) bind it.
 */
export function useLoadedWith<T>(load: () => Promise<T>, onFailure: (error: unknown) => void): Loaded<T> {
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
