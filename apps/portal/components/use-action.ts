'use client';

import { useSession } from './session-provider';
import { type Action, useActionWith } from './use-action-with';

/** `useActionWith` inside the console: a lost session goes to the console's sign-in page. */
export function useAction(): Action {
  return useActionWith(useSession().onUnauthenticated);
}
