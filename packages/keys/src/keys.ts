import { createHmac, randomBytes } from 'node:crypto';
import { bytesToBase62, encodeBase62 } from './base62.js';
import { crc32Ascii } from './crc32.js';

/**
 * API keys: `tg_{live|test}_{random}{checksum}`.
 * - `random`: 32 random bytes as fixed-width base62 (43 chars);
 * - `checksum`: CRC-32 of everything before it, as fixed-width base62 (6 chars),
 *   so typos and garbage are refused before any lookup.
 * Keys are shown once and stored only as {@link hashKey} plus {@link displayPrefix}.
 */

export type KeyEnvironment = 'live' | 'test';
export const keyEnvironments: readonly KeyEnvironment[] = ['live', 'test'];

export const keyRandomBytes = 32;
/** ceil(256 / log2(62)) = 43 base62 characters hold 32 bytes. */
export const keyRandomLength = 43;
export const keyChecksumLength = 6;
/** `tg_live_` / `tg_test_` */
export const keyPrefixLength = 8;
export const keyLength = keyPrefixLength + keyRandomLength + keyChecksumLength;
/** Characters of a key safe to show and log: `tg_live_` plus 6. */
export const displayPrefixLength = keyPrefixLength + 6;

const keyPattern = /^tg_(live|test)_[0-9A-Za-z]+$/;

function checksum(head: string): string {
  return encodeBase62(BigInt(crc32Ascii(head)), keyChecksumLength);
}

/** A new key, to be shown once, and its display prefix. */
export function generateKey(environment: KeyEnvironment): { key: string; prefix: string } {
  if (environment !== 'live' && environment !== 'test') {
    throw new TypeError("generateKey: environment must be 'live' or 'test'");
  }
  const head = `tg_${environment}_${bytesToBase62(randomBytes(keyRandomBytes), keyRandomLength)}`;
  const key = head + checksum(head);
  return { key, prefix: displayPrefix(key) };
}

/**
 * Checks format, length, alphabet and checksum; no I/O. Never throws: anything that is not
 * a well-formed key (including non-strings and huge inputs, refused by length first) gives null.
 */
export function parseKey(candidate: unknown): { environment: KeyEnvironment } | null {
  if (typeof candidate !== 'string' || candidate.length !== keyLength) return null;
  const match = keyPattern.exec(candidate);
  if (match === null) return null;
  const head = candidate.slice(0, keyLength - keyChecksumLength);
  if (checksum(head) !== candidate.slice(keyLength - keyChecksumLength)) return null;
  return { environment: match[1] as KeyEnvironment };
}

/** The stored form of a key: hex HMAC-SHA256 keyed with the server-side pepper. */
export function hashKey(key: string, pepper: string): string {
  if (pepper.length === 0) throw new TypeError('hashKey: pepper must not be empty');
  return createHmac('sha256', pepper).update(key, 'utf8').digest('hex');
}

/** The first characters of a key (`tg_live_AbC123`): enough to recognise it, safe to log. */
export function displayPrefix(key: string): string {
  return key.slice(0, displayPrefixLength);
}
