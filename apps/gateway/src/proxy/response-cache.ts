import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import type { ResponseCache as ResponseCacheSettings } from '@tollgate/contracts';
import type { RequestContext } from '../pipeline/request-context.js';

/**
 * The optional per-route response cache, in Redis. GET answers are kept when the route
 * enables it and the upstream's Cache-Control allows a shared cache to (no `no-store`,
 * `private`, `no-cache`, no `Set-Cookie`, no `Vary` beyond the route's vary headers), for
 * the route's TTL or less (`s-maxage`, then `max-age`). A request's own `no-store` skips
 * the cache, and `no-cache`/`max-age=0` skips the lookup (the fresh answer is stored). By
 * default entries are per consumer: an upstream that personalises by the identity headers
 * never leaks one consumer's answer to another. Redis trouble is a miss, never an error.
 */

export interface CacheEntry {
  status: number;
  headers: [string, string][];
  /** Epoch ms when stored, for `Age`. */
  storedAt: number;
  body: Buffer;
}

/** What the cache needs of Redis (ioredis `getBuffer` / `set … PX`). */
export interface CacheRedis {
  getBuffer(key: string): Promise<Buffer | null>;
  set(key: string, value: Buffer, px: 'PX', ttlMs: number): Promise<unknown>;
}

export interface ResponseCacheOptions {
  /** A lookup slower than this is a miss: the upstream is asked instead. */
  lookupTimeoutMs: number;
}

export const defaultResponseCacheOptions: ResponseCacheOptions = { lookupTimeoutMs: 50 };

const stored = new Set([200, 203, 204, 300, 301, 404, 405, 410, 414, 501]);
/** Not replayed from the cache: they describe the original connection or are set per answer. */
const notStoredHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'trailer',
  'x-request-id',
  'age',
  'date',
  'set-cookie',
]);

function directive(cacheControl: string, name: string): boolean {
  return new RegExp(`(^|[,\\s])${name}([,\\s=]|$)`, 'i').test(cacheControl);
}

function seconds(cacheControl: string, name: string): number | null {
  const match = new RegExp(`(^|[,\\s])${name}\\s*=\\s*"?(\\d+)`, 'i').exec(cacheControl);
  return match === null ? null : Number(match[2]);
}

export function encodeEntry(entry: CacheEntry): Buffer {
  const meta = Buffer.from(JSON.stringify({ s: entry.status, h: entry.headers, t: entry.storedAt }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(meta.length);
  return Buffer.concat([length, meta, entry.body]);
}

export function decodeEntry(data: Buffer): CacheEntry | null {
  if (data.length < 4) return null;
  const length = data.readUInt32BE(0);
  if (data.length < 4 + length) return null;
  try {
    const meta = JSON.parse(data.subarray(4, 4 + length).toString()) as {
      s: number;
      h: [string, string][];
      t: number;
    };
    return { status: meta.s, headers: meta.h, storedAt: meta.t, body: data.subarray(4 + length) };
  } catch {
    return null;
  }
}

/** What the request's own Cache-Control asks: skip the cache entirely, skip only the lookup, or use it. */
export function requestCacheMode(
  cacheControl: string | undefined,
  pragma: string | undefined,
): 'bypass' | 'refresh' | 'use' {
  if (cacheControl !== undefined) {
    if (directive(cacheControl, 'no-store')) return 'bypass';
    if (directive(cacheControl, 'no-cache') || seconds(cacheControl, 'max-age') === 0) return 'refresh';
  } else if (pragma !== undefined && directive(pragma, 'no-cache')) return 'refresh';
  return 'use';
}

/** How long the upstream's answer may be kept (ms), or 0 when it may not be stored. */
export function storableForMs(
  status: number,
  headers: IncomingHttpHeaders,
  settings: ResponseCacheSettings,
): number {
  if (!stored.has(status)) return 0;
  if (headers['set-cookie'] !== undefined) return 0;
  const cacheControl = headers['cache-control'] ?? '';
  if (
    directive(cacheControl, 'no-store') ||
    directive(cacheControl, 'private') ||
    directive(cacheControl, 'no-cache')
  )
    return 0;
  const vary = headers.vary;
  if (vary !== undefined) {
    for (const name of vary.split(',')) {
      const header = name.trim().toLowerCase();
      if (header === '' || header === 'accept-encoding') continue; // entries are stored unencoded
      if (header === '*' || !settings.varyHeaders.includes(header)) return 0;
    }
  }
  const length = headers['content-length'];
  if (length !== undefined && Number(length) > settings.maxBodyBytes) return 0;
  const upstreamSeconds = seconds(cacheControl, 's-maxage') ?? seconds(cacheControl, 'max-age');
  const ttlSeconds =
    upstreamSeconds === null ? settings.ttlSeconds : Math.min(upstreamSeconds, settings.ttlSeconds);
  return ttlSeconds * 1_000;
}

/** A cache miss to be stored once the upstream answered (set by the proxy stage). */
export interface PendingCacheEntry {
  cache: ResponseCache;
  key: string;
  settings: ResponseCacheSettings;
}

export class ResponseCache {
  constructor(
    private readonly redis: CacheRedis,
    private readonly prefix: string,
    private readonly options: ResponseCacheOptions = defaultResponseCacheOptions,
  ) {}

  /** The entry's Redis key: tenant, API, route, path and query, vary headers, and the consumer unless shared. */
  key(ctx: RequestContext, settings: ResponseCacheSettings): string {
    const hash = createHash('sha256');
    hash
      .update(ctx.api?.id ?? '')
      .update('\0')
      .update(ctx.route?.id ?? '')
      .update('\0');
    hash.update(ctx.apiPath).update('\0').update(ctx.query).update('\0');
    hash.update(settings.scope === 'shared' ? '*' : (ctx.key?.record.consumerId ?? ctx.rateLimitSubject));
    for (const name of settings.varyHeaders) {
      const value = ctx.req.headers[name];
      hash.update('\0').update(Array.isArray(value) ? value.join(',') : (value ?? ''));
    }
    return `${this.prefix}cache:${ctx.tenant?.tenantId ?? ''}:${hash.digest('base64url')}`;
  }

  async lookup(key: string): Promise<CacheEntry | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const data = await Promise.race([
        this.redis.getBuffer(key),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), this.options.lookupTimeoutMs);
        }),
      ]);
      return data === null ? null : decodeEntry(data);
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  store(key: string, entry: CacheEntry, ttlMs: number): void {
    this.redis.set(key, encodeEntry(entry), 'PX', ttlMs).catch(() => {});
  }
}

/** Headers worth replaying from an upstream answer. */
export function storedHeaders(headers: IncomingHttpHeaders): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || notStoredHeaders.has(name)) continue;
    if (Array.isArray(value)) for (const one of value) out.push([name, one]);
    else out.push([name, value]);
  }
  return out;
}

/**
 * Passes an answer's body on to `destination` while keeping a copy (up to `maxBytes`),
 * stored when the body ended normally.
 */
export class CacheRecorder extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private overflow = false;

  constructor(
    private readonly destination: Writable,
    private readonly maxBytes: number,
    private readonly onComplete: (body: Buffer) => void,
  ) {
    super();
    // A client that goes away ends the recording too, which aborts the upstream request.
    destination.once('close', () => {
      if (!this.writableFinished) this.destroy();
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.overflow) {
      this.size += chunk.length;
      if (this.size > this.maxBytes) {
        this.overflow = true;
        this.chunks.length = 0;
      } else this.chunks.push(chunk);
    }
    if (this.destination.write(chunk)) callback();
    else this.destination.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.destination.end(() => {
      if (!this.overflow) this.onComplete(Buffer.concat(this.chunks, this.size));
    });
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error !== null) this.destination.destroy(error);
    callback(error);
  }
}
