import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '@tollgate/errors';
import type {
  CompiledApi,
  CompiledRoute,
  CompiledSnapshot,
  CompiledUpstream,
} from '../config/compiled-snapshot.js';
import type { CachedKey } from '../keys/key-cache.js';

export type StageName = 'receive' | 'resolve' | 'authenticate' | 'authorize' | 'proxy';

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
  upstream: CompiledUpstream | null = null;
  /** Passed every check before proxy: counts against quota (live keys) from here on. */
  admitted = false;

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
    this.receivedAt = receivedAt;
    this.method = req.method ?? 'GET';
  }

  /** Ends the chain with a catalog error; stages `return ctx.deny(…)`. */
  deny(code: ErrorCode, stage: StageName): true {
    this.denyCode = code;
    this.denyStage = stage;
    return true;
  }
}
