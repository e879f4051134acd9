import type { OAuth2Settings } from '@tollgate/contracts';
import { type Dispatcher, request } from 'undici';
import type { TokenCheck } from './jwt-verifier.js';

/** Printable ASCII, no spaces (RFC 6750 b64token is stricter; this only keeps junk out). */
const tokenShape = /^[\x21-\x7e]+$/;
const maxTokenLength = 4_096;
const maxCachedTokens = 10_000;

interface Entry {
  result: TokenCheck;
  until: number;
}

/**
 * Checks opaque OAuth2 access tokens with the tenant's RFC 7662 introspection endpoint:
 * POST `token=…` with the gateway's client credentials (HTTP Basic), `active: true`
 * required. Answers are cached: active ones until min(`exp`, maxCacheSeconds), inactive
 * ones for negativeCacheSeconds; concurrent checks of one token share one call. An
 * unreachable or failing endpoint is `token_check_unavailable` (not cached).
 */
export class Introspector {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<TokenCheck>>();
  private readonly authorization: string;
  /** Calls made to the endpoint, for tests and metrics. */
  calls = 0;

  constructor(
    readonly settings: OAuth2Settings,
    clientSecret: string,
    private readonly dispatcher?: Dispatcher,
  ) {
    // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
    const credentials = `${formEncode(settings.clientId)}:${formEncode(clientSecret)}`;
    this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }

  check(token: string, nowMs = Date.now()): TokenCheck | Promise<TokenCheck> {
    const entry = this.cache.get(token);
    if (entry !== undefined) {
      if (entry.until > nowMs) return entry.result;
      this.cache.delete(token);
    }
    if (token.length > maxTokenLength || !tokenShape.test(token)) return { ok: false, code: 'invalid_token' };
    let pending = this.inflight.get(token);
    if (pending === undefined) {
      pending = this.introspect(token).finally(() => this.inflight.delete(token));
      this.inflight.set(token, pending);
    }
    return pending;
  }

  private async introspect(token: string): Promise<TokenCheck> {
    const { settings } = this;
    let body: unknown;
    try {
      this.calls++;
      const response = await request(settings.introspectionUrl, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: `token=${formEncode(token)}&token_type_hint=access_token`,
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
        ...(this.dispatcher === undefined ? {} : { dispatcher: this.dispatcher }),
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`introspection answered ${response.statusCode}`);
      }
      body = await response.body.json();
    } catch (error) {
      return { ok: false, code: 'token_check_unavailable', error };
    }

    const now = Date.now();
    const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const exp = typeof answer.exp === 'number' ? answer.exp * 1000 : null;
    const subject = answer[settings.consumerClaim];
    if (
      answer.active !== true ||
      (exp !== null && exp <= now) ||
      typeof subject !== 'string' ||
      subject === ''
    ) {
      return this.remember(
        token,
        { ok: false, code: 'invalid_token' },
        now + settings.negativeCacheSeconds * 1000,
      );
    }
    const until = Math.min(now + settings.maxCacheSeconds * 1000, exp ?? Number.POSITIVE_INFINITY);
    return this.remember(token, { ok: true, subject }, until);
  }

  private remember(token: string, result: TokenCheck, until: number): TokenCheck {
    if (until > Date.now()) {
      if (this.cache.size >= maxCachedTokens) {
        const oldest = this.cache.keys().next();
        if (oldest.done !== true) this.cache.delete(oldest.value);
      }
      this.cache.set(token, { result, until });
    }
    return result;
  }
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
