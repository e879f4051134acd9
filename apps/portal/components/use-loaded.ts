'use client';

import { useSession } from './session-provider';
import { type Loaded, useLoadedWith } from './use-loaded-with';

/** `useLoadedWith` inside the console: a lost session goes to the console's sign-in page. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  return useLoadedWith(load, useSession().onUnauthenticated);
}
