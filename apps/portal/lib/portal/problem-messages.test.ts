import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-client';
import type { ProblemBody } from '../api-types';
import { portalProblemMessage } from './problem-messages';

const failure = (status: number, problem: ProblemBody & { errors?: unknown }) =>
  new ApiError(status, problem);

describe('portalProblemMessage', () => {
  it('message.conflict: on sign-up an existing account says to sign in; elsewhere it says to reload', () => {
    const conflict = failure(409, { code: 'conflict', detail: 'Unique constraint on email' });
    expect(portalProblemMessage(conflict, 'signup')).toEqual({
      title: 'This email already has an account',
      detail: 'Sign in instead, or use another email.',
    });
    expect(portalProblemMessage(conflict, 'keys').title).toBe('That change could not be made');
  });

  it('message.not-found: an unknown portal on the auth forms, a vanished key on the keys page', () => {
    const missing = failure(404, { code: 'not_found' });
    expect(portalProblemMessage(missing, 'login').title).toBe('No developer portal here');
    expect(portalProblemMessage(missing, 'keys').title).toBe('This key no longer exists');
  });

  it('message.validation: each field becomes one plain hint, never the raw validator text', () => {
    const invalid = failure(422, {
      code: 'validation_failed',
      errors: [
        { path: 'email', message: 'Invalid email address' },
        { path: 'password', message: 'Too small: expected string to have >=8 characters' },
        { path: 'password', message: 'again' },
      ],
    });
    expect(portalProblemMessage(invalid, 'signup')).toEqual({
      title: 'Please check the form',
      detail: 'Enter a valid email address. Use a password of 8 to 256 characters.',
    });
  });

  it('message.no-subscription: a key refused for want of a subscription says so', () => {
    const invalid = failure(422, {
      code: 'validation_failed',
      errors: [{ path: 'subscriptionId', message: 'No such subscription of yours' }],
    });
    expect(portalProblemMessage(invalid, 'keys').title).toBe('No subscription yet');
  });

  it('message.plan-unavailable: a private, archived or vanished plan reads alike; no subscription says so', () => {
    const unavailable = portalProblemMessage(failure(422, { code: 'plan_unavailable' }), 'plans');
    expect(unavailable.title).toBe('This plan is not available');
    const gone = failure(422, {
      code: 'validation_failed',
      errors: [{ path: 'planId', message: 'No such plan in this tenant' }],
    });
    expect(portalProblemMessage(gone, 'plans')).toEqual(unavailable);
    expect(portalProblemMessage(failure(404, { code: 'not_found' }), 'plans').title).toBe(
      'No subscription to change',
    );
  });

  it('message.validation-unknown-shape: a body without field errors still reads plainly', () => {
    expect(
      portalProblemMessage(failure(422, { code: 'validation_failed', errors: 'x' }), 'keys').detail,
    ).toBe('Some fields are missing or invalid.');
  });

  it('message.server: a 5xx hides the cause and gives the request id to quote', () => {
    const message = portalProblemMessage(
      failure(500, { code: 'internal_error', detail: 'TypeError: x is undefined', requestId: 'req_1' }),
      'page',
    );
    expect(message.title).toBe('Something went wrong on our side');
    expect(message.detail).toContain('req_1');
    expect(message.detail).not.toContain('TypeError');
  });

  it('message.network: an unreachable portal, and a non-API error', () => {
    expect(portalProblemMessage(failure(0, {}), 'page').title).toBe('The portal cannot be reached');
    expect(portalProblemMessage(new Error('boom'), 'page')).toEqual({
      title: 'Something went wrong',
      detail: 'Please try again.',
    });
  });

  it('message.other-code: another catalog code keeps its catalog title and detail', () => {
    expect(
      portalProblemMessage(
        failure(429, { code: 'rate_limited', title: 'Rate limited', detail: 'Slow down.' }),
        'page',
      ),
    ).toEqual({ title: 'Rate limited', detail: 'Slow down.' });
  });

  it('message.session: a lost session and a stale CSRF token each say what to do', () => {
    expect(portalProblemMessage(failure(401, { code: 'unauthenticated' }), 'keys').title).toBe(
      'You are signed out',
    );
    expect(portalProblemMessage(failure(403, { code: 'csrf_failed' }), 'keys').detail).toContain('Reload');
    expect(portalProblemMessage(failure(401, { code: 'invalid_credentials' }), 'login').title).toBe(
      'Wrong email or password',
    );
  });
});
