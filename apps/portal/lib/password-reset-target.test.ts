import { describe, expect, it } from 'vitest';
import { passwordResetTarget } from './password-reset-target';

describe('passwordResetTarget', () => {
  it('reset-target.console: without a portal the pages link to the console sign-in', () => {
    const target = passwordResetTarget();
    expect(target).toMatchObject({
      loginHref: '/login',
      afterResetHref: '/login?reset=1',
      forgotHref: '/forgot-password',
    });
  });

  it('reset-target.portal: a portal keeps every link on that portal (slug escaped)', () => {
    expect(passwordResetTarget('acme')).toMatchObject({
      loginHref: '/portal/acme/login',
      afterResetHref: '/portal/acme/login?reset=1',
      forgotHref: '/portal/acme/forgot-password',
    });
    expect(passwordResetTarget('a/b').forgotHref).toBe('/portal/a%2Fb/forgot-password');
  });
});
