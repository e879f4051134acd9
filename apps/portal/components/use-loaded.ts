'use client';

import { type LoadedData, useLoadedWith } from './portal/use-portal-data';
import { useSession } from './session-provider';

export type Loaded<T> = LoadedData<T>;

/** `useLoadedWith` inside the console: a lost session goes to the console's sign-in page. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  return useLoadedWith(load, useSession().onUnauthenticated);
}
