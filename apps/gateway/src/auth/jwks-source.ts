import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** Fetches a JWKS document (a function so tests and the gateway can choose the HTTP client). */
export type JwksFetch = (url: string) => Promise<JSONWebKeySet>;

export interface JwksSourceOptions {
  refreshMs: number;
  /** An unknown `kid` triggers a fetch at most this often. */
  cooldownMs: number;
}

/** The JWKS could not be fetched and no earlier copy is known. */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
}

/**
 * One JWKS URL's key set, kept fresh off the hot path: fetched when first prepared, then
 * every `refreshMs` on a timer; a request whose `kid` is unknown may trigger one more
 * fetch, at most once per `cooldownMs` (so forged `kid`s cannot make us hammer the
 * provider). A failed refresh keeps the last good key set.
 */
export class JwksSource {
  private keySet: JWTVerifyGetKey | null = null;
  private inflight: Promise<JWTVerifyGetKey> | null = null;
  /** When an unknown `kid` last caused a fetch (scheduled fetches do not count, so a fresh rotation is seen at once). */
  private lastKidRefreshAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  /** Successful fetches, for tests and metrics. */
  fetches = 0;

  constructor(
    readonly url: string,
    private options: JwksSourceOptions,
    private readonly fetchJwks: JwksFetch,
    private readonly onError: (url: string, error: unknown) => void = () => {},
  ) {}

  /** Starts the background refresh (and the first fetch). Idempotent. */
  start(): void {
    if (this.timer !== null) return;
    void this.refresh().catch(() => {});
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** A newer snapshot may change the intervals. */
  update(options: JwksSourceOptions): void {
    if (options.refreshMs === this.options.refreshMs && options.cooldownMs === this.options.cooldownMs)
      return;
    this.options = options;
    if (this.timer !== null) {
      this.stop();
      this.start();
    }
  }

  /** The current key set; waits only before the very first fetch has finished. */
  current(): JWTVerifyGetKey | Promise<JWTVerifyGetKey> {
    return this.keySet ?? this.refresh();
  }

  /** Called when a token names a key we do not have: fetch again, unless we did so recently. */
  refreshForUnknownKid(now = performance.now()): Promise<JWTVerifyGetKey> | null {
    if (this.inflight !== null) return this.inflight;
    if (now - this.lastKidRefreshAt < this.options.cooldownMs) return null;
    this.lastKidRefreshAt = now;
    return this.refresh();
  }

  private refresh(): Promise<JWTVerifyGetKey> {
    if (this.inflight !== null) return this.inflight;
    const pending = this.fetchJwks(this.url).then(
      (jwks) => {
        this.keySet = createLocalJWKSet(jwks);
        this.fetches++;
        return this.keySet;
      },
      (error: unknown) => {
        this.onError(this.url, error);
        if (this.keySet !== null) return this.keySet;
        throw new JwksUnavailableError(`JWKS ${this.url} could not be fetched`, { cause: error });
      },
    );
    this.inflight = pending;
    void pending
      .finally(() => {
        if (this.inflight === pending) this.inflight = null;
      })
      .catch(() => {});
    return pending;
  }
}
