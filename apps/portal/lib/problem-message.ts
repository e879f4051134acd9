import { ApiError } from './api-client';

/** A title and a sentence in plain words. */
export interface ProblemWords {
  title: string;
  detail: string;
}

/** What a page shows for a failed call: a title, a sentence, and the items to fix, all in plain words. */
export interface ProblemMessage extends ProblemWords {
  /** Each invalid field or failed check, one line each. */
  items: string[];
  requestId?: string;
}

/**
 * How one surface (the provider console, the developer portal) words failures: its own words
 * for a failure, checked first, then the problem's catalog text, then words by status.
 */
export interface ProblemWording {
  wordsFor: (error: ApiError) => ProblemWords | undefined;
  byStatus?: Record<number, ProblemWords>;
}

/** Words both surfaces use as they are. */
export const sharedWords = {
  csrf_failed: {
    title: 'Your session changed',
    detail: 'You signed in or out in another tab. Reload the page and try again.',
  },
} satisfies Record<string, ProblemWords>;

const fallback: ProblemWords = { title: 'Something went wrong', detail: 'Please try again.' };

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

/** The field errors of a `validation_failed` problem (`errors[]`), those with a path. */
export function fieldErrorsOf(error: ApiError): { path: string; message: string }[] {
  return listOf((error.problem as { errors?: unknown }).errors)
    .filter((item) => typeof item.path === 'string')
    .map((item) => ({ path: String(item.path), message: String(item.message ?? 'not valid') }));
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

/** Plain words for any failure, as `wording` says: never the raw body. */
export function describeProblem(error: unknown, wording: ProblemWording): ProblemMessage {
  if (!(error instanceof ApiError)) return { ...fallback, items: [] };
  const problem = error.problem as Record<string, unknown> & typeof error.problem;
  const own = wording.wordsFor(error);
  const byStatus = wording.byStatus?.[error.status];
  return {
    title: own?.title ?? problem.title ?? byStatus?.title ?? fallback.title,
    detail: own?.detail ?? problem.detail ?? byStatus?.detail ?? fallback.detail,
    items: itemsOf(problem),
    ...(typeof problem.requestId === 'string' ? { requestId: problem.requestId } : {}),
  };
}

/**
 * The console's own words for codes whose catalog text speaks to API callers (headers, fields
 * of the answer) rather than to someone filling in a form. Other codes keep the server's detail.
 */
const consoleWords: Record<string, ProblemWords> = {
  ...sharedWords,
  unauthenticated: { title: 'You are signed out', detail: 'Sign in again to continue.' },
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

const consoleWording: ProblemWording = {
  wordsFor: (error) => (error.problem.code ? consoleWords[error.problem.code] : undefined),
  byStatus: {
    0: { title: 'The portal could not be reached', detail: 'Check your connection and try again.' },
    403: { title: 'Not allowed', detail: 'Your role in this tenant does not allow this.' },
    429: { title: 'Too many attempts', detail: 'Wait a minute and try again.' },
  },
};

/** The provider console's words for a failure: by the problem's `code`, then its status. */
export function problemMessage(error: unknown): ProblemMessage {
  return describeProblem(error, consoleWording);
}

/** The message on one line, for a failure shown beside a button rather than in an alert box. */
export function problemLine(error: unknown): string {
  const { title, detail, items } = problemMessage(error);
  return [`${title}: ${detail}`, ...items].join(' ');
}
