import type { JwtSettings } from '@tollgate/contracts';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import { type JwksSource, JwksUnavailableError } from './jwks-source.js';

/** The outcome of checking a token: the consumer's external id, or why not. */
export type TokenCheck =
  | { ok: true; subject: string }
  | { ok: false; code: 'invalid_token' | 'token_expired' | 'token_check_unavailable'; error?: unknown };

const invalid: TokenCheck = { ok: false, code: 'invalid_token' };
const expired: TokenCheck = { ok: false, code: 'token_expired' };

/** Three base64url parts (the last may be empty: `alg: none`, refused below), bounded in size. */
const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const maxTokenLength = 8_192;

export interface JwtVerifierOptions {
  /** A verified token is trusted without a new signature check for at most this long (and never past its `exp`). */
  verifiedTtlMs: number;
  maxCachedTokens: number;
}

export const defaultJwtVerifierOptions: JwtVerifierOptions = {
  verifiedTtlMs: 60_000,
  maxCachedTokens: 10_000,
};

/**
 * Verifies JWT bearer tokens for one tenant: only the configured asymmetric algorithms
 * (RS256/ES256), so `alg: none` and HMAC signed with a public key are refused before any
 * key is looked at; `iss`, `aud`, `exp` (required) and `nbf` checked with a small clock
 * skew. Keys come from the tenant's {@link JwksSource}, never fetched per request except
 * once (rate-limited) for an unknown `kid`. A verified token is remembered briefly so a
 * client reusing it costs a map lookup, not a signature check.
 */
export class JwtVerifier {
  private readonly allowed: ReadonlySet<string>;
  private readonly verified = new Map<string, { result: TokenCheck; until: number }>();

  constructor(
    readonly settings: JwtSettings,
    private readonly jwks: JwksSource,
    private readonly options: JwtVerifierOptions = defaultJwtVerifierOptions,
  ) {
    this.allowed = new Set(settings.algorithms);
  }

  /** Synchronous for a token verified recently, so a client reusing its token costs no promise. */
  verify(token: string, nowMs = Date.now()): TokenCheck | Promise<TokenCheck> {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (cached.until > nowMs) return cached.result;
      this.verified.delete(token);
    }
    return this.verifySignature(token, nowMs);
  }

  private async verifySignature(token: string, nowMs: number): Promise<TokenCheck> {
    if (token.length > maxTokenLength || !jwtShape.test(token)) return invalid;
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return invalid;
    }
    if (typeof alg !== 'string' || !this.allowed.has(alg)) return invalid;

    let payload: JWTPayload;
    try {
      payload = await this.check(token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) {
        // Maybe the provider rotated its keys: fetch once more (rate-limited), then retry once.
        const refreshed = this.jwks.refreshForUnknownKid();
        if (refreshed === null) return invalid;
        try {
          await refreshed;
          payload = await this.check(token);
        } catch (retryError) {
          return this.failure(retryError);
        }
      } else {
        return this.failure(error);
      }
    }

    const subject = payload[this.settings.consumerClaim];
    if (typeof subject !== 'string' || subject === '') return invalid;
    const result: TokenCheck = { ok: true, subject };
    this.remember(token, result, Math.min(nowMs + this.options.verifiedTtlMs, (payload.exp ?? 0) * 1000));
    return result;
  }

  private async check(token: string): Promise<JWTPayload> {
    const keySet = await this.jwks.current();
    const { payload } = await jwtVerify(token, keySet, {
      issuer: this.settings.issuer,
      audience: this.settings.audiences,
      algorithms: this.settings.algorithms,
      clockTolerance: this.settings.clockSkewSeconds,
      requiredClaims: ['exp'],
    });
    return payload;
  }

  private failure(error: unknown): TokenCheck {
    if (error instanceof JwksUnavailableError) return { ok: false, code: 'token_check_unavailable', error };
    if (error instanceof errors.JWTExpired) return expired;
    return invalid;
  }

  private remember(token: string, result: TokenCheck, until: number): void {
    if (this.verified.size >= this.options.maxCachedTokens) {
      const oldest = this.verified.keys().next();
      if (oldest.done !== true) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { result, until });
  }
}
