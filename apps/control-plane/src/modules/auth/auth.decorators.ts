import { SetMetadata } from '@nestjs/common';

export const csrfExemptKey = 'tollgate:csrf-exempt';
export const sessionOnlyKey = 'tollgate:session-only';
/** Set by `@PortalSession()` (consumer-accounts): the route takes a developer-portal consumer session only. */
export const portalSessionKey = 'tollgate:portal-session';

/**
 * The route needs no CSRF token even with a session cookie: it acts on what the body proves
 * (credentials, a reset token), not on the session's authority. Only signup, login and password reset.
 */
export const CsrfExempt = () => SetMetadata(csrfExemptKey, true);

/** A personal access token may not call this route (managing tokens needs a signed-in person): 403. */
export const SessionOnly = () => SetMetadata(sessionOnlyKey, true);
