import { isUtf8 } from 'node:buffer';

/**
 * Canonical form of a request path, computed once before any matching so that a route
 * rule cannot be bypassed with another spelling of the same path (RFC 3986 §6.2.2):
 * `%XX` of unreserved characters decoded (`%2e` → `.`, `%41` → `A`), other escapes
 * upper-cased, `//` merged, `.` and `..` segments removed. Escapes whose meaning differs
 * between servers (`%2f`, `%5c`, `%00`), invalid escapes, escaped bytes that are not valid
 * UTF-8 (overlong `%c0%ae` is a `.` to some decoders), a dot segment with parameters
 * (`..;x` is `..` to servlet containers), backslashes and control characters make the path
 * ambiguous: null (the caller refuses with `bad_path`).
 */

// Fast path: a path without `%`, `\`, `//` or a dot segment start is already canonical.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const needsWork = /%|\\|\/\/|\/\.|[\u0000-\u001f\u007f-\uffff]/;

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/** `path` is the part of the request target before `?`. Returns the canonical path or null. */
export function normalizePath(path: string): string | null {
  if (path.length === 0 || path.charCodeAt(0) !== 47) return null;
  if (!needsWork.test(path)) return path;

  let decoded = '';
  // Consecutive escaped bytes >= 0x80: they must spell valid (shortest-form) UTF-8.
  let highBytes: number[] | null = null;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    // Node hands raw bytes over as latin1: anything above 0x7e was not percent-encoded.
    if (code < 0x20 || code >= 0x7f || code === 0x5c) return null;
    if (code !== 37) {
      if (highBytes !== null) {
        if (!isUtf8(Uint8Array.from(highBytes))) return null;
        highBytes = null;
      }
      decoded += path[i];
      continue;
    }
    const high = hexValue(path.charCodeAt(i + 1));
    const low = hexValue(path.charCodeAt(i + 2));
    if (high < 0 || low < 0) return null;
    const byte = high * 16 + low;
    if (byte === 0x2f || byte === 0x5c || byte < 0x20 || byte === 0x7f) return null;
    if (byte >= 0x80) {
      highBytes ??= [];
      highBytes.push(byte);
    } else if (highBytes !== null) {
      if (!isUtf8(Uint8Array.from(highBytes))) return null;
      highBytes = null;
    }
    decoded += isUnreserved(byte) ? String.fromCharCode(byte) : `%${path.slice(i + 1, i + 3).toUpperCase()}`;
    i += 2;
  }
  if (highBytes !== null && !isUtf8(Uint8Array.from(highBytes))) return null;

  const out: string[] = [];
  const segments = decoded.split('/');
  // segments[0] is the empty string before the leading slash.
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '') {
      if (last) out.push('');
      continue;
    }
    if (segment === '..') {
      out.pop();
      if (last) out.push('');
      continue;
    }
    if (segment.charCodeAt(0) === 46 && isDotSegmentWithParams(segment)) return null;
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** `.;x`, `..;x`: a dot segment to servers that strip `;` parameters, a name to others. */
function isDotSegmentWithParams(segment: string): boolean {
  const semicolon = segment.indexOf(';');
  if (semicolon === -1) return false;
  const name = segment.slice(0, semicolon);
  return name === '.' || name === '..';
}
