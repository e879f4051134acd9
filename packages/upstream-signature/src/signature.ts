import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * The `Tollgate-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `t.method.path.consumer.keyId.plan`, keyed with the API's signing secret. While a secret
 * rotates the gateway sends one `v1=` per secret; a verifier accepts the header when any
 * `v1=` matches any secret it holds and `t` is within the tolerance of its clock.
 * See docs/upstream-identity.md.
 */

/** Header names the gateway sets on every request it forwards (lower case, as Node reads them). */
export const tollgateHeaders = {
  consumer: 'tollgate-consumer',
  keyId: 'tollgate-key-id',
  plan: 'tollgate-plan',
  signature: 'tollgate-signature',
} as const;

/** What the signature covers, besides the time. Unknown parts (an anonymous call) are `''`. */
export interface SignedRequest {
  /** Upper case, as sent upstream: `GET`. */
  method: string;
  /** The path the upstream received, after any rewrite, without the query string. */
  path: string;
  consumer: string;
  keyId: string;
  plan: string;
}

/** A signing secret as text, bytes, or a `createSecretKey` object (the gateway's form). */
export type SigningSecret = string | Buffer | KeyObject;

export const defaultToleranceSeconds = 300;

export function signatureBase(t: number, request: SignedRequest): string {
  return `${t}.${request.method}.${request.path}.${request.consumer}.${request.keyId}.${request.plan}`;
}

function hmacHex(secret: SigningSecret, base: string): string {
  return createHmac('sha256', secret).update(base).digest('hex');
}

/** The header value for `request` at `nowSeconds`, with one `v1=` per secret (1 or 2). */
export function signTollgateRequest(
  request: SignedRequest,
  secrets: readonly SigningSecret[],
  nowSeconds: number = Math.floor(Date.now() / 1000),
): string {
  return signTollgateBase((t) => signatureBase(t, request), secrets, nowSeconds);
}

/**
 * The scheme itself, for any signed text: `t=<nowSeconds>` then one `v1=` per secret over
 * `baseAt(t)`. Outgoing webhooks use it with `t.body` (see @tollgate/webhooks).
 */
export function signTollgateBase(
  baseAt: (t: number) => string,
  secrets: readonly SigningSecret[],
  nowSeconds: number = Math.floor(Date.now() / 1000),
): string {
  if (secrets.length === 0) throw new TypeError('at least one signing secret is needed');
  const base = baseAt(nowSeconds);
  let header = `t=${nowSeconds}`;
  for (const secret of secrets) header += `,v1=${hmacHex(secret, base)}`;
  return header;
}

export type VerifyResult =
  | { valid: true; t: number }
  | {
      valid: false;
      /** `malformed`: no usable `t=`/`v1=`; `stale`: `t` outside the tolerance; `mismatch`: no `v1=` matches. */
      reason: 'malformed' | 'stale' | 'mismatch';
    };

export interface ParsedSignature {
  t: number;
  v1: string[];
}

/** Parses `t=…,v1=…[,v1=…]`; other schemes are ignored (room for a `v2`). Null when unusable. */
export function parseTollgateSignature(header: string): ParsedSignature | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (t !== null || !/^\d{1,12}$/.test(value)) return null;
      t = Number(value);
    } else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) {
      v1.push(value);
    }
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

/**
 * Checks a `Tollgate-Signature` header against the request the upstream received and the
 * signing secrets it holds (the current one, and the previous one during a rotation).
 */
export function verifyTollgateSignature(
  header: string | null | undefined,
  request: SignedRequest,
  secrets: readonly SigningSecret[],
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = defaultToleranceSeconds,
): VerifyResult {
  return verifyTollgateBase(header, (t) => signatureBase(t, request), secrets, nowSeconds, toleranceSeconds);
}

/** The check of {@link signTollgateBase}: any `v1=` matching any secret over `baseAt(t)`, `t` within the tolerance. */
export function verifyTollgateBase(
  header: string | null | undefined,
  baseAt: (t: number) => string,
  secrets: readonly SigningSecret[],
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = defaultToleranceSeconds,
): VerifyResult {
  if (typeof header !== 'string') return { valid: false, reason: 'malformed' };
  const parsed = parseTollgateSignature(header);
  if (parsed === null) return { valid: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return { valid: false, reason: 'stale' };
  const base = baseAt(parsed.t);
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(secret, base), 'hex');
    for (const candidate of parsed.v1) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) return { valid: true, t: parsed.t };
    }
  }
  return { valid: false, reason: 'mismatch' };
}
