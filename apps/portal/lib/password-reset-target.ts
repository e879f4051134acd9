import { consoleApi } from './console-api';
import { portalApi } from './portal/portal-client';
import { portalHref } from './portal/portal-paths';

/** Whose password the reset pages change: a provider user's (console) or a developer's on one tenant's portal. */
export interface PasswordResetTarget {
  /** How the page names the account: "a Tollgate account", "an account on this portal". */
  accountWords: string;
  loginHref: string;
  /** Where a developer lands once the password is set (the sign-in page says so). */
  afterResetHref: string;
  forgotHref: string;
  request(email: string): Promise<void>;
  confirm(token: string, password: string): Promise<void>;
}

/** The console's reset when `portalSlug` is absent, else that portal's (its own account space). */
export function passwordResetTarget(portalSlug?: string): PasswordResetTarget {
  if (portalSlug === undefined) {
    return {
      accountWords: 'a Tollgate account',
      loginHref: '/login',
      afterResetHref: '/login?reset=1',
      forgotHref: '/forgot-password',
      request: consoleApi.requestPasswordReset,
      confirm: consoleApi.confirmPasswordReset,
    };
  }
  const loginHref = portalHref(portalSlug, 'login');
  return {
    accountWords: 'an account on this portal',
    loginHref,
    afterResetHref: `${loginHref}?reset=1`,
    forgotHref: portalHref(portalSlug, 'forgot-password'),
    request: (email) => portalApi.requestPasswordReset(portalSlug, email),
    confirm: (token, password) => portalApi.confirmPasswordReset(portalSlug, token, password),
  };
}
