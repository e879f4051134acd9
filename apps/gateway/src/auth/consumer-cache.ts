import { type ConsumerRecord, consumerRecordSchema } from '@tollgate/contracts';

/** Reads the raw consumer index entry (JSON) for (tenant, external id); null when there is none. */
export type ConsumerIndexRead = (tenantId: string, externalId: string) => Promise<string | null>;

export interface ConsumerCacheOptions {
  hitTtlMs: number;
  /** "No such consumer" is remembered this long, so unknown subjects cost one Redis read. */
  missTtlMs: number;
  maxEntries: number;
}

export const defaultConsumerCacheOptions: ConsumerCacheOptions = {
  hitTtlMs: 10_000,
  missTtlMs: 2_000,
  maxEntries: 50_000,
};

interface Entry {
  value: ConsumerRecord | null;
  freshUntil: number;
}

/**
 * In-process cache in front of the Redis consumer index (tenant + external id → consumer
 * and subscriptions), for JWT and OAuth2 callers. Concurrent misses share one read; when
 * Redis fails, a stale entry is served rather than failing the request. Changes reach the
 * gateway within `hitTtlMs` (no invalidation channel: subscriptions change rarely).
 */
export class ConsumerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<ConsumerRecord | null>>();

  constructor(
    private readonly read: ConsumerIndexRead,
    private readonly options: ConsumerCacheOptions = defaultConsumerCacheOptions,
    private readonly onInvalidRecord: (tenantId: string, error: unknown) => void = () => {},
  ) {}

  lookup(tenantId: string, externalId: string): ConsumerRecord | null | Promise<ConsumerRecord | null> {
    const id = `${tenantId}\n${externalId}`;
    const entry = this.entries.get(id);
    if (entry !== undefined && entry.freshUntil > performance.now()) return entry.value;
    return this.inflight.get(id) ?? this.load(id, tenantId, externalId, entry);
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
  }

  private async load(
    id: string,
    tenantId: string,
    externalId: string,
    stale: Entry | undefined,
  ): Promise<ConsumerRecord | null> {
    const pending = this.readAndParse(tenantId, externalId);
    this.inflight.set(id, pending);
    try {
      const value = await pending;
      if (this.inflight.get(id) === pending) this.remember(id, value);
      return value;
    } catch (error) {
      if (stale !== undefined) return stale.value;
      throw error;
    } finally {
      if (this.inflight.get(id) === pending) this.inflight.delete(id);
    }
  }

  private async readAndParse(tenantId: string, externalId: string): Promise<ConsumerRecord | null> {
    const raw = await this.read(tenantId, externalId);
    if (raw === null) return null;
    try {
      const record = consumerRecordSchema.parse(JSON.parse(raw));
      // A record under another tenant's key is never trusted.
      return record.tenantId === tenantId ? record : null;
    } catch (error) {
      this.onInvalidRecord(tenantId, error);
      return null;
    }
  }

  private remember(id: string, value: ConsumerRecord | null): void {
    const ttl = value === null ? this.options.missTtlMs : this.options.hitTtlMs;
    this.entries.delete(id);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { value, freshUntil: performance.now() + ttl });
  }
}
