import type { ServerResponse } from 'node:http';
import type { CompiledCors } from './compile-transform.js';

/** First value of a header in Node's flat `rawHeaders`, by lower-case name; null if absent. */
export function rawHeader(raw: readonly string[], lower: string): string | null {
  const length = lower.length;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === length && name.toLowerCase() === lower) return raw[i + 1]!;
  }
  return null;
}

export function originAllowed(cors: CompiledCors, origin: string): boolean {
  return cors.anyOrigin || cors.origins.has(origin.toLowerCase());
}

/**
 * CORS headers for an actual (non-preflight) request, put on the response before any
 * stage answers, so admitted answers and denials (401, 429, …) alike carry them: a browser
 * script can then read the problem body and the RateLimit headers. A disallowed origin gets
 * none (the browser hides the answer); CORS is not access control, so it is not denied.
 */
export function setCorsHeaders(res: ServerResponse, cors: CompiledCors, origin: string | null): void {
  if (!cors.anyOrigin) res.setHeader('vary', 'Origin');
  if (origin === null || !originAllowed(cors, origin)) return;
  res.setHeader('access-control-allow-origin', cors.anyOrigin ? '*' : origin);
  if (cors.credentials) res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-expose-headers', cors.exposeHeaders);
}

export type PreflightVerdict = 'ok' | 'origin' | 'method' | 'headers';

/** Whether a preflight asks for what the policy allows. */
export function judgePreflight(
  cors: CompiledCors,
  origin: string,
  method: string,
  requestHeaders: string | null,
): PreflightVerdict {
  if (!originAllowed(cors, origin)) return 'origin';
  if (!cors.methods.has(method)) return 'method';
  if (requestHeaders !== null && !cors.anyHeader) {
    for (const entry of requestHeaders.split(',')) {
      const name = entry.trim().toLowerCase();
      if (name !== '' && !cors.headers.has(name)) return 'headers';
    }
  }
  return 'ok';
}

/** The 204 answer to an allowed preflight. */
export function preflightHeaders(
  cors: CompiledCors,
  origin: string,
  requestId: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-origin': cors.anyOrigin ? '*' : origin,
    'access-control-allow-methods': cors.allowMethods,
    'access-control-allow-headers': cors.allowHeaders,
    'access-control-max-age': cors.maxAge,
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    'x-request-id': requestId,
  };
  if (cors.credentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}
