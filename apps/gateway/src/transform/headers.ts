import type { IncomingHttpHeaders } from 'node:http';
import type { CompiledCors, CompiledHeaderChanges } from './compile-transform.js';

/** `tollgate-…` / `x-tollgate-…`: only the gateway may send these upstream. */
export function isTollgateHeader(lower: string): boolean {
  return lower.startsWith('tollgate-') || lower.startsWith('x-tollgate-');
}

/**
 * The headers for the upstream in one pass over the flat `[name, value, …]` list: spoofed
 * `Tollgate-*` / `X-Tollgate-*` headers and the policy's removals dropped, its sets added.
 * Names are lower-cased only when they could match (first letter t/x, or a policy applies).
 */
export function transformRequestHeaders(headers: string[], changes: CompiledHeaderChanges | null): string[] {
  const drop = changes === null ? null : changes.drop;
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    const first = name.charCodeAt(0) | 0x20;
    if (drop !== null || first === 116 /* t */ || first === 120 /* x */) {
      const lower = name.toLowerCase();
      if (isTollgateHeader(lower) || drop?.has(lower)) continue;
    }
    out.push(name, headers[i + 1]!);
  }
  if (changes !== null) for (const value of changes.set) out.push(value);
  return out;
}

/** The CORS headers the gateway answers itself; the upstream's are dropped so they never conflict. */
const upstreamCorsHeaders = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
];

/**
 * Changes the upstream's answer headers in place (undici hands them over lower-cased):
 * the policy's removals and sets; with gateway CORS on the route, the upstream's CORS
 * headers go and `Vary` keeps the gateway's `Origin`.
 */
export function transformResponseHeaders(
  headers: IncomingHttpHeaders,
  changes: CompiledHeaderChanges | null,
  cors: CompiledCors | null,
): void {
  if (cors !== null) {
    for (const name of upstreamCorsHeaders) if (headers[name] !== undefined) delete headers[name];
    // Set here too, not only by setHeader: the values written with the answer win over setHeader's.
    const vary = headers.vary;
    if (!cors.anyOrigin) {
      if (typeof vary !== 'string' || vary === '') headers.vary = 'Origin';
      else if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary)) headers.vary = `${vary}, Origin`;
    }
  }
  if (changes === null) return;
  for (const name of changes.drop) if (headers[name] !== undefined) delete headers[name];
  const set = changes.set;
  for (let i = 0; i < set.length; i += 2) headers[set[i]!.toLowerCase()] = set[i + 1]!;
}
