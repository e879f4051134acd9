import { type KeyRecord, keyRecordSchema } from '@tollgate/contracts';
import { type CompiledIpRules, compileIpRules } from '../auth/ip-rules.js';

/** A key index entry as the hot path wants it: dates already parsed. */
export interface CachedKey {
  record: KeyRecord;
  expiresAtMs: number | null;
  graceEndsAtMs: number | null;
  /** The key's own client IP rules, compiled once per cached record. */
  ipRules: CompiledIpRules | null;
}

/** Parses what the hot path needs from a record once, when it enters the cache. */
export function toCachedKey(record: KeyRecord): CachedKey {
  return {
    record,
    expiresAtMs: record.expiresAt === null ? null : Date.parse(record.expiresAt),
    graceEndsAtMs: record.graceEndsAt === null ? null : Date.parse(record.graceEndsAt),
    ipRules: compileIpRules(record.ipRules),
  };
}

/** Reads the raw key index entry (JSON) for a key hash; null when there is none. */
export type KeyIndexRead = (keyHash: string) => Promise<string | null>;

export interface KeyCacheOptions {
  /** How long a found key is trusted without asking Redis again (invalidations also drop it). */
  hitTtlMs: number;
  /** How long "no such key" is remembered, so made-up keys cost one Redis read. */
  missTtlMs: number;
  /** Bound on entries; the oldest goes first. */
  maxEntries: number;
}

export const defaultKeyCacheOptions: KeyCacheOptions = {
  hitTtlMs: 10_000,
  missTtlMs: 2_000,
  maxEntries: 50_000,
};

interface Entry {
  value: CachedKey | null;
  /** `performance.now()` after which the entry must be read again. */
  freshUntil: number;
}

/**
 * In-process cache in front of the Redis key index. Concurrent misses for one hash share
 * one read; an invalidation that arrives while a read is in flight wins over its result.
 * When Redis fails, a stale entry is served rather than failing every request.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<CachedKey | null>>();

  constructor(
    private readonly read: KeyIndexRead,
    private readonly options: KeyCacheOptions = defaultKeyCacheOptions,
    private readonly onInvalidRecord: (keyHash: string, error: unknown) => void = () => {},
  ) {}

  /** Synchronous on a fresh hit, so the common case costs no promise. */
  lookup(keyHash: string): CachedKey | null | Promise<CachedKey | null> {
    const entry = this.entries.get(keyHash);
    if (entry !== undefined && entry.freshUntil > performance.now()) return entry.value;
    return this.inflight.get(keyHash) ?? this.load(keyHash, entry);
  }

  /** The cached answer when it is fresh, `undefined` otherwise; never reads Redis. */
  peek(keyHash: string): CachedKey | null | undefined {
    const entry = this.entries.get(keyHash);
    return entry !== undefined && entry.freshUntil > performance.now() ? entry.value : undefined;
  }

  invalidate(keyHash: string): void {
    this.entries.delete(keyHash);
    this.inflight.delete(keyHash);
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private async load(keyHash: string, stale: Entry | undefined): Promise<CachedKey | null> {
    const pending = this.readAndParse(keyHash);
    this.inflight.set(keyHash, pending);
    try {
      const value = await pending;
      // Invalidated (or cleared) meanwhile: answer this request, but do not keep the result.
      if (this.inflight.get(keyHash) === pending) this.remember(keyHash, value);
      return value;
    } catch (error) {
      if (stale !== undefined) return stale.value;
      throw error;
    } finally {
      if (this.inflight.get(keyHash) === pending) this.inflight.delete(keyHash);
    }
  }

  private async readAndParse(keyHash: string): Promise<CachedKey | null> {
    const raw = await this.read(keyHash);
    if (raw === null) return null;
    try {
      return toCachedKey(keyRecordSchema.parse(JSON.parse(raw)));
    } catch (error) {
      // A record the gateway cannot read is treated as no record, and reported.
      this.onInvalidRecord(keyHash, error);
      return null;
    }
  }

  private remember(keyHash: string, value: CachedKey | null): void {
    const ttl = value === null ? this.options.missTtlMs : this.options.hitTtlMs;
    this.entries.delete(keyHash);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(keyHash, { value, freshUntil: performance.now() + ttl });
  }
}
