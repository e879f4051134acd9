'use client';

import { type Action, useActionWith } from '../use-action-with';
import { type Loaded, useLoadedWith } from '../use-loaded-with';
import { usePortalSession } from './portal-session';

/** `useLoadedWith` inside the developer portal: a lost session goes to this portal's sign-in page. */
export function usePortalData<T>(load: () => Promise<T>): Loaded<T> {
  return useLoadedWith(load, usePortalSession().onUnauthenticated);
}

/** `useActionWith` inside the developer portal: a lost session goes to this portal's sign-in page. */
export function usePortalAction(): Action {
  return useActionWith(usePortalSession().onUnauthenticated);
}
