import type { CompiledRewrite } from './compile-transform.js';

/**
 * Applies a compiled rewrite to the path below the base path (already normalised by
 * receive, so parameters never hold `/`, `.` or `..` tricks). A path that does not match
 * `from` is returned unchanged.
 */
export function rewritePath(rewrite: CompiledRewrite, apiPath: string): string {
  const parts = apiPath.split('/');
  // parts[0] is the empty string before the leading slash.
  const count = parts.length - 1;
  const from = rewrite.from;
  if (rewrite.catchAll ? count < from.length : count !== from.length) return apiPath;
  for (let i = 0; i < from.length; i++) {
    const expected = from[i];
    const actual = parts[i + 1]!;
    if (expected === null ? actual.length === 0 : expected !== actual) return apiPath;
  }
  let out = '';
  for (const part of rewrite.to) {
    if ('literal' in part) out += `/${part.literal}`;
    else if ('param' in part) out += `/${parts[part.param + 1]!}`;
    else if (parts.length > from.length + 1) {
      // Something (possibly an empty trailing segment) followed the prefix: keep it as it was.
      out += `/${parts.slice(from.length + 1).join('/')}`;
    }
  }
  return out === '' ? '/' : out;
}
