import type { ApiError } from '../api-client';
import { describeProblem, fieldErrorsOf, type ProblemWords, sharedWords } from '../problem-message';

/** Where the failure happened: the same code reads differently on the sign-up form and on the keys page. */
export type PortalAction = 'signup' | 'login' | 'reset' | 'keys' | 'plans' | 'page';

/** A plan the developer chose that it cannot have (private, archived, or gone since the page loaded). */
const planUnavailable: ProblemWords = {
  title: 'This plan is not available',
  detail: 'The provider no longer offers it. Reload the page to see the plans you can choose.',
};

/** Plain words for each field the forms send; `validation_failed` names them by path. */
const fieldHints: Record<string, string> = {
  email: 'Enter a valid email address.',
  password: 'Use a password of 8 to 256 characters.',
  name: 'Enter a name of 1 to 100 characters.',
  environment: 'Choose live or test.',
  graceSeconds: 'Choose a grace period of at most 30 days.',
  from: 'Choose a shorter period.',
  to: 'Choose a shorter period.',
};

function invalidInput(error: ApiError): ProblemWords {
  const fields = fieldErrorsOf(error);
  if (fields.some((field) => field.path === 'subscriptionId')) {
    return {
      title: 'No subscription yet',
      detail: 'Your account has no active subscription on this portal, so it cannot have keys yet.',
    };
  }
  if (fields.some((field) => field.path === 'planId')) return planUnavailable;
  const hints = [
    ...new Set(fields.map((field) => fieldHints[field.path] ?? 'A field is missing or invalid.')),
  ];
  return { title: 'Please check the form', detail: hints.join(' ') || 'Some fields are missing or invalid.' };
}

/** The developer portal's own words (a developer, not a provider, reads them); other codes keep the catalog's. */
function portalWords(error: ApiError, action: PortalAction): ProblemWords | undefined {
  if (error.status === 0) {
    return { title: 'The portal cannot be reached', detail: 'Check your connection and try again.' };
  }
  switch (error.problem.code) {
    case 'invalid_credentials':
      return {
        title: 'Wrong email or password',
        detail: 'Check both and try again. An account on another portal does not work here.',
      };
    case 'too_many_login_attempts':
      return {
        title: 'Too many sign-in attempts',
        detail: 'Wait a few minutes before trying again.',
      };
    case 'conflict':
      return action === 'signup'
        ? { title: 'This email already has an account', detail: 'Sign in instead, or use another email.' }
        : { title: 'That change could not be made', detail: 'Reload the page and try again.' };
    case 'not_found':
      if (action === 'signup' || action === 'login' || action === 'reset') {
        return {
          title: 'No developer portal here',
          detail: 'Check the address: there is no developer portal at this link.',
        };
      }
      if (action === 'keys')
        return { title: 'This key no longer exists', detail: 'Reload the page to see your current keys.' };
      if (action === 'plans') {
        return {
          title: 'No subscription to change',
          detail:
            'Your account has no subscription on this portal. Ask the API provider to subscribe you to a plan.',
        };
      }
      return { title: 'Not found', detail: 'It does not exist, or is not yours.' };
    case 'plan_unavailable':
      return planUnavailable;
    case 'validation_failed':
      return invalidInput(error);
    case 'unauthenticated':
      return { title: 'You are signed out', detail: 'Your session has ended. Sign in again.' };
    case 'csrf_failed':
      return sharedWords.csrf_failed;
    case 'forbidden':
      return { title: 'Not allowed', detail: 'Your account cannot do this.' };
  }
  if (error.status >= 500) {
    const reference = error.problem.requestId
      ? ` If it keeps happening, quote ${error.problem.requestId}.`
      : '';
    return { title: 'Something went wrong on our side', detail: `Try again in a moment.${reference}` };
  }
  // Another catalog code: its catalog title and detail are plain words already.
  return undefined;
}

/**
 * Words a failed portal call for a developer, from the problem's `code` (never its raw body):
 * what happened and what to do next. No field list and no request id line: the words say it.
 */
export function portalProblemMessage(error: unknown, action: PortalAction): ProblemWords {
  const { title, detail } = describeProblem(error, { wordsFor: (failure) => portalWords(failure, action) });
  return { title, detail };
}
