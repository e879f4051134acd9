import { ApiError } from './api-client';

/** What the console shows for a failed call: a title, a sentence, and the items to fix, all in plain words. */
export interface ProblemMessage {
  title: string;
  detail: string;
  /** Each invalid field or failed check, one line each. */
  items: string[];
  requestId?: string;
}

/**
 * The console's own words for codes whose catalog text speaks to API callers (headers, fields
 * of the answer) rather than to someone filling in a form. Other codes keep the server's detail.
 */
const consoleWords: Record<string, { title: string; detail: string }> = {
  unauthenticated: { title: 'You are signed out', detail: 'Sign in again to continue.' },
  csrf_failed: {
    title: 'Your session changed',
    detail: 'You signed in or out in another tab. Reload the page and try again.',
  },
  validation_failed: { title: 'Please check the form', detail: 'Some fields are missing or not valid.' },
  reset_token_invalid: {
    title: 'This reset link no longer works',
    detail: 'It has expired, was already used, or was copied incompletely. Ask for a new link below.',
  },
  invalid_release: {
    title: 'The release did not pass its checks',
    detail: 'Nothing was published: the live version is unchanged. Fix these and try again.',
  },
  not_found: {
    title: 'Not found',
    detail: 'It may have been deleted or revoked already. Reload the page to see the current state.',
  },
  internal_error: {
    title: 'Something went wrong on our side',
    detail: 'Try again in a moment. If it keeps happening, give support the request id below.',
  },
};

const statusWords: Record<number, { title: string; detail: string }> = {
  0: { title: 'The portal could not be reached', detail: 'Check your connection and try again.' },
  403: { title: 'Not allowed', detail: 'Your role in this tenant does not allow this.' },
  429: { title: 'Too many attempts', detail: 'Wait a minute and try again.' },
};

/** `rateLimit.limit` → `Rate limit · limit`; `expiresAt` → `Expires at`. */
export function fieldLabel(path: string): string {
  if (!path) return 'Input';
  return path
    .split('.')
    .map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' · ')
    .replace(/^./, (first) => first.toUpperCase());
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}

/** Field errors (`validation_failed`) and release check problems (`invalid_release`) as lines. */
function itemsOf(problem: Record<string, unknown>): string[] {
  const fields = listOf(problem.errors).map(
    (item) => `${fieldLabel(String(item.path ?? ''))}: ${String(item.message ?? 'not valid')}`,
  );
  const checks = listOf(problem.problems)
    .filter((item) => item.severity !== 'warning')
    .map((item) => String(item.message ?? item.check ?? 'A release check failed'));
  return [...fields, ...checks];
}

/** Plain words for any failure: by the problem's `code`, then its status; never the raw body. */
export function problemMessage(error: unknown): ProblemMessage {
  if (!(error instanceof ApiError)) {
    return { title: 'Something went wrong', detail: 'Please try again.', items: [] };
  }
  const problem = error.problem as Record<string, unknown> & typeof error.problem;
  const own = (problem.code && consoleWords[problem.code]) || undefined;
  const byStatus = statusWords[error.status];
  const title = own?.title ?? problem.title ?? byStatus?.title ?? 'Something went wrong';
  const detail = own?.detail ?? problem.detail ?? byStatus?.detail ?? 'Please try again.';
  return {
    title,
    detail,
    items: itemsOf(problem),
    ...(typeof problem.requestId === 'string' ? { requestId: problem.requestId } : {}),
  };
}

/** The message on one line, for a failure shown beside a button rather than in an alert box. */
export function problemLine(error: unknown): string {
  const { title, detail, items } = problemMessage(error);
  return [`${title}: ${detail}`, ...items].join(' ');
}
