import { type CatalogEntry, catalog, type ErrorCode, type ErrorLayer } from './catalog.js';

/** Where each code's page lives; `docs/errors/<code>.md` in the repo. */
export const errorDocsBaseUrl = 'https://docs.tollgate.dev/errors/';

export const problemContentType = 'application/problem+json';

/** RFC 9457 problem details, with Tollgate's `code`, `requestId` and `layer`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  layer: ErrorLayer;
  [extension: string]: unknown;
}

/** An error that becomes a problem+json answer. Throw it anywhere; one filter per app renders it. */
export class TollgateError extends Error {
  readonly code: ErrorCode;
  readonly entry: CatalogEntry;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, extensions: Record<string, unknown> = {}) {
    const entry = catalog[code];
    super(detail ?? entry.description);
    this.name = 'TollgateError';
    this.code = code;
    this.entry = entry;
    this.extensions = extensions;
  }

  get status(): number {
    return this.entry.status;
  }
}

export function isTollgateError(value: unknown): value is TollgateError {
  return value instanceof TollgateError;
}

/** Builds the problem body for a catalog code. Unknown causes must be mapped to `internal_error` first. */
export function toProblem(
  code: ErrorCode,
  requestId: string,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const entry: CatalogEntry = catalog[code];
  return {
    ...extensions,
    type: `${errorDocsBaseUrl}${code}`,
    title: entry.title,
    status: entry.status,
    detail: detail ?? entry.description,
    code,
    requestId,
    layer: entry.layer,
  };
}

/** The problem for any thrown value: catalog errors as they are, anything else as a generic `internal_error`. */
export function problemFromError(error: unknown, requestId: string): Problem {
  if (isTollgateError(error)) return toProblem(error.code, requestId, error.message, error.extensions);
  return toProblem('internal_error', requestId);
}
