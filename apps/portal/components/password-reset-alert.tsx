import { ConsoleProblemAlert } from './console-problem-alert';
import { PortalProblemAlert } from './portal/portal-problem-alert';

/** A failed reset call in the words of its surface: the console's, or the developer portal's. */
export function PasswordResetAlert({ error, portalSlug }: { error: unknown; portalSlug?: string }) {
  return portalSlug === undefined ? (
    <ConsoleProblemAlert error={error} />
  ) : (
    <PortalProblemAlert error={error} action="reset" />
  );
}
