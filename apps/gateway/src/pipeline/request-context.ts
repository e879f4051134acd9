import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthMode, StageName } from '@tollgate/contracts';
import type { ErrorCode } from '@tollgate/errors';
import type {
  CompiledApi,
  CompiledRoute,
  CompiledSnapshot,
  CompiledUpstream,
} from '../config/compiled-snapshot.js';
import type { CachedKey } from '../keys/key-cache.js';
import type { PendingCacheEntry } from '../proxy/response-cache.js';

/** The stages that can deny, in pipeline order: one list, in @tollgate/contracts (support tools read it too). */
export type { StageName };

/**
 * What the pipeline knows about one request; each stage fills in its part. A class with
 * every field set in the constructor, so all contexts share one shape (fast property access).
 */
export class RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** `performance.now()` at arrival, for durations. */
  readonly startedAt: number;
  /** Epoch ms at arrival, for the usage event. */
  readonly receivedAt: number;
  readonly method: string;
  /** `performance.now()` when the previous stage ended (per-stage durations, see observability/stage-timings). */
  lapAt: number;
  /** W3C `traceparent` for the upstream: the incoming trace with a new span id, or a new trace (receive). */
  traceparent = '';

  // receive
  requestId = '';
  /** Normalised path (no query), including any `/t/{slug}` prefix. */
  path = '';
  /** `?…` as received, or `''`. */
  query = '';
  /** Headers for the upstream, flat `[name, value, …]`, hop-by-hop ones dropped. */
  forwardHeaders: string[] = [];
  /** Host header as received (for `X-Forwarded-Host`), and without port, lower-cased (for matching). */
  hostHeader = '';
  host = '';
  /** `Authorization` and `X-Api-Key` as received, and their name's index in `forwardHeaders`. */
  authorization: string | null = null;
  authorizationIndex = -1;
  apiKey: string | null = null;
  apiKeyIndex = -1;
  /** The request has a body to stream to the upstream. */
  hasBody = false;
  /**
   * The client's address: the socket peer, set at construction; receive replaces it from
   * `X-Forwarded-For` when the peer is a trusted proxy. Invalid-credential attempts and
   * anonymous callers are limited by it.
   */
  clientIp: string;
  /** `X-Forwarded-For` for the upstream: the client, then each proxy the gateway believes, then the peer. */
  forwardedFor = '';
  /** `Api-Version` as received, for resolve's version choice. */
  apiVersion: string | null = null;
  /** Declared `Content-Length`; -1 when absent (a chunked body is counted while it streams). */
  contentLength = -1;
  /** Largest body accepted for the resolved route (bytes), set by resolve when there is a body. */
  maxBodyBytes = 0;

  // resolve
  tenant: CompiledSnapshot | null = null;
  /** Path below the tenant prefix (the whole path when the tenant came from the host). */
  tenantPath = '';
  api: CompiledApi | null = null;
  route: CompiledRoute | null = null;
  /** Path below the API's base path: what is forwarded, after the upstream's own path. */
  apiPath = '';

  // authenticate / authorize
  key: CachedKey | null = null;
  /** The auth mode of the route (set by authenticate); `key` until then. */
  authMode: AuthMode = 'key';
  /**
   * Whom per-caller rate limits count against, set by authenticate: `key:<keyId>` for API
   * keys, `consumer:<consumerId>` for JWT/OAuth2 callers (all their tokens share one
   * limit), `ip:<clientIp>` for anonymous routes. The limit stage keys its counters by it.
   */
  rateLimitSubject = '';
  upstream: CompiledUpstream | null = null;
  /** A response-cache miss the proxy stage stores once the upstream answered; null when not caching. */
  pendingCache: PendingCacheEntry | null = null;
  /** Passed every check before proxy: counts against quota (live keys) from here on. */
  admitted = false;

  // limit
  /** Tenant whose concurrency slot this request holds (given back after proxy), or null. */
  concurrencyTenant: string | null = null;
  /** JSON members added to a denial's problem body (`,"limit":100,…`), or `''`. */
  problemExtra = '';

  // outcome
  status = 0;
  /** `performance.now()` when the upstream request was sent. */
  upstreamStartedAt = 0;
  upstreamMs: number | null = null;
  denyCode: ErrorCode | null = null;
  denyStage: StageName | null = null;
  /** An unexpected failure, for the log only. */
  error: unknown = null;

  constructor(req: IncomingMessage, res: ServerResponse, startedAt: number, receivedAt: number) {
    this.req = req;
    this.res = res;
    this.startedAt = startedAt;
    this.lapAt = startedAt;
    this.receivedAt = receivedAt;
    this.method = req.method ?? 'GET';
    this.clientIp = req.socket?.remoteAddress ?? '';
  }

  /** Ends the chain with a catalog error; stages `return ctx.deny(…)`. */
  deny(code: ErrorCode, stage: StageName): true {
    this.denyCode = code;
    this.denyStage = stage;
    return true;
  }
}
