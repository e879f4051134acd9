import { type ConsumerRecord, oauth2SecretContext, type SealedSecret } from '@tollgate/contracts';
import type { JSONWebKeySet } from 'jose';
import { type Dispatcher, request } from 'undici';
import type { CompiledAuth } from './compile-auth.js';
import { Introspector } from './introspector.js';
import { defaultInvalidAttemptsOptions, InvalidAttempts } from './invalid-attempts.js';
import { type JwksFetch, JwksSource } from './jwks-source.js';
import { JwtVerifier } from './jwt-verifier.js';

/** A tenant's token checkers, built once per snapshot (secrets opened, JWKS fetching started). */
export interface TenantAuth {
  jwt: JwtVerifier | null;
  oauth2: Introspector | null;
}

export interface ConsumerLookup {
  lookup(tenantId: string, externalId: string): ConsumerRecord | null | Promise<ConsumerRecord | null>;
}

export interface AuthServicesDeps {
  consumers: ConsumerLookup;
  /** Opens a sealed secret (the gateway's master key); null when the gateway has none. */
  openSecret: ((sealed: SealedSecret, context: string) => string) | null;
  invalidAttempts?: InvalidAttempts;
  fetchJwks?: JwksFetch;
  /** For introspection calls; undici's global dispatcher when left out. */
  dispatcher?: Dispatcher;
  onError?: (message: string, error: unknown) => void;
}

const noTenantAuth: TenantAuth = { jwt: null, oauth2: null };

/**
 * Everything authenticate needs beyond the key index: the per-IP invalid-attempt counter,
 * the consumer index, and each tenant's JWT verifier / introspection client. Tenants'
 * checkers are prepared when a snapshot is loaded ({@link prepare}); JWKS sources are shared
 * by URL across snapshot versions and tenants, so a republish does not refetch.
 */
export class AuthServices {
  readonly invalidAttempts: InvalidAttempts;
  readonly consumers: ConsumerLookup;
  private readonly byAuth = new WeakMap<CompiledAuth, TenantAuth>();
  /** The latest checkers per tenant, reused by the next snapshot when their settings did not change. */
  private readonly latest = new Map<string, { jwtKey: string; oauth2Key: string; auth: TenantAuth }>();
  private readonly jwksSources = new Map<string, JwksSource>();
  private readonly fetchJwks: JwksFetch;
  private readonly onError: (message: string, error: unknown) => void;

  constructor(private readonly deps: AuthServicesDeps) {
    this.consumers = deps.consumers;
    this.invalidAttempts = deps.invalidAttempts ?? new InvalidAttempts(defaultInvalidAttemptsOptions);
    this.fetchJwks = deps.fetchJwks ?? fetchJwksOverHttp;
    this.onError = deps.onError ?? (() => {});
  }

  /** The tenant's checkers for this snapshot; prepared on first use if {@link prepare} was not called. */
  forSnapshot(auth: CompiledAuth): TenantAuth {
    return this.byAuth.get(auth) ?? this.prepare(auth);
  }

  /** Opens secrets and starts JWKS fetching for a newly loaded snapshot (not per request). */
  prepare(auth: CompiledAuth): TenantAuth {
    const known = this.byAuth.get(auth);
    if (known !== undefined) return known;
    if (auth.jwt === null && auth.oauth2 === null) {
      this.byAuth.set(auth, noTenantAuth);
      return noTenantAuth;
    }
    const jwtKey = auth.jwt === null ? '' : JSON.stringify(auth.jwt);
    const oauth2Key = auth.oauth2 === null ? '' : JSON.stringify(auth.oauth2);
    const previous = this.latest.get(auth.tenantId);
    const jwt = previous?.jwtKey === jwtKey ? previous.auth.jwt : this.buildJwt(auth);
    const oauth2 = previous?.oauth2Key === oauth2Key ? previous.auth.oauth2 : this.buildOAuth2(auth);
    const tenantAuth: TenantAuth = { jwt, oauth2 };
    this.latest.set(auth.tenantId, { jwtKey, oauth2Key, auth: tenantAuth });
    this.byAuth.set(auth, tenantAuth);
    return tenantAuth;
  }

  /** After a snapshot change: prepares every served snapshot, and forgets JWKS URLs none uses. */
  prepareAll(auths: readonly CompiledAuth[]): void {
    for (const auth of auths) this.prepare(auth);
    this.retainOnly(auths);
  }

  /** Stops refreshing the JWKS of URLs no served snapshot uses any more. */
  retainOnly(auths: Iterable<CompiledAuth>): void {
    const inUse = new Set<string>();
    for (const auth of auths) if (auth.jwt !== null) inUse.add(auth.jwt.jwksUrl);
    for (const [url, source] of this.jwksSources) {
      if (inUse.has(url)) continue;
      source.stop();
      this.jwksSources.delete(url);
    }
  }

  close(): void {
    for (const source of this.jwksSources.values()) source.stop();
    this.jwksSources.clear();
  }

  /** The JWKS source of a URL (tests look at its fetch count). */
  jwksSource(url: string): JwksSource | undefined {
    return this.jwksSources.get(url);
  }

  private buildJwt(auth: CompiledAuth): JwtVerifier | null {
    const settings = auth.jwt;
    if (settings === null) return null;
    const options = {
      refreshMs: settings.jwksRefreshSeconds * 1000,
      cooldownMs: settings.jwksCooldownSeconds * 1000,
    };
    let source = this.jwksSources.get(settings.jwksUrl);
    if (source === undefined) {
      source = new JwksSource(settings.jwksUrl, options, this.fetchJwks, (url, error) =>
        this.onError(`JWKS fetch failed: ${url}`, error),
      );
      this.jwksSources.set(settings.jwksUrl, source);
      source.start();
    } else {
      source.update(options);
    }
    return new JwtVerifier(settings, source);
  }

  private buildOAuth2(auth: CompiledAuth): Introspector | null {
    const settings = auth.oauth2;
    if (settings === null) return null;
    if (this.deps.openSecret === null) {
      this.onError(
        `tenant ${auth.tenantId} uses OAuth2 introspection but the gateway has no MASTER_KEY`,
        null,
      );
      return null;
    }
    try {
      const secret = this.deps.openSecret(settings.clientSecret, oauth2SecretContext(auth.tenantId));
      return new Introspector(settings, secret, this.deps.dispatcher);
    } catch (error) {
      // Requests on its oauth2 routes answer token_check_unavailable until a fixed snapshot arrives.
      this.onError(`tenant ${auth.tenantId}: introspection client secret could not be opened`, error);
      return null;
    }
  }
}

const jwksTimeoutMs = 5_000;

async function fetchJwksOverHttp(url: string): Promise<JSONWebKeySet> {
  const response = await request(url, {
    headers: { accept: 'application/json' },
    headersTimeout: jwksTimeoutMs,
    bodyTimeout: jwksTimeoutMs,
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`JWKS answered ${response.statusCode}`);
  }
  const body = (await response.body.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error('JWKS has no keys array');
  return body as JSONWebKeySet;
}
