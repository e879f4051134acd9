import { type PortalAction, portalProblemMessage } from '@/lib/portal/problem-messages';
import { ProblemAlert } from '../problem-alert';

/**
 * A failed portal call in plain words (from the problem's `code`). The live region is always
 * in the page, so a screen reader announces the message when it appears.
 */
export function PortalProblemAlert({ error, action }: { error: unknown; action: PortalAction }) {
  return (
    <div aria-live="assertive" aria-atomic="true">
      <ProblemAlert error={error} describe={(failure) => portalProblemMessage(failure, action)} />
    </div>
  );
}
