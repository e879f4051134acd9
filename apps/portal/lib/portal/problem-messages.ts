import { ApiError } from '../api-client';

/** Where the failure happened: the same code reads differently on the sign-up form and on the keys page. */
export type PortalAction = 'signup' | 'login' | 'keys' | 'page';

export interface PortalMessage {
  title: string;
  detail?: string;
}

interface FieldError {
  path: string;
  message: string;
}

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

function fieldErrorsOf(error: ApiError): FieldError[] {
  const errors = (error.problem as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (entry): entry is FieldError =>
      typeof entry === 'object' && entry !== null && typeof (entry as FieldError).path === 'string',
  );
}

function invalidInput(error: ApiError): PortalMessage {
  const fields = fieldErrorsOf(error);
  if (fields.some((field) => field.path === 'subscriptionId')) {
    return {
      title: 'No subscription yet',
      detail: 'Your account has no active subscription on this portal, so it cannot have keys yet.',
    };
  }
  const hints = [
    ...new Set(fields.map((field) => fieldHints[field.path] ?? 'A field is missing or invalid.')),
  ];
  return { title: 'Please check the form', detail: hints.join(' ') || 'Some fields are missing or invalid.' };
}

/**
 * Words a failed portal call for a developer, from the problem's `code` (never its raw body):
 * what happened and what to do next.
 */
export function portalProblemMessage(error: unknown, action: PortalAction): PortalMessage {
  if (!(error instanceof ApiError)) return { title: 'Something went wrong', detail: 'Please try again.' };
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
      if (action === 'signup' || action === 'login') {
        return {
          title: 'No developer portal here',
          detail: 'Check the address: there is no developer portal at this link.',
        };
      }
      return action === 'keys'
        ? { title: 'This key no longer exists', detail: 'Reload the page to see your current keys.' }
        : { title: 'Not found', detail: 'It does not exist, or is not yours.' };
    case 'validation_failed':
      return invalidInput(error);
    case 'unauthenticated':
      return { title: 'You are signed out', detail: 'Your session has ended. Sign in again.' };
    case 'csrf_failed':
      return {
        title: 'Your session changed',
        detail: 'You signed in or out in another tab. Reload the page and try again.',
      };
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
  return {
    title: error.problem.title ?? 'Something went wrong',
    detail: error.problem.detail ?? 'Please try again.',
  };
}
