import { hostname } from 'node:os';
import { redisKeys } from '@tollgate/contracts';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SnapshotStore } from '../config/snapshot-store.js';

export interface HeartbeatOptions {
  prefix: string;
  gatewayId: string;
  intervalMs: number;
}

/** This process's name in heartbeats and usage batches: GATEWAY_ID, else host and pid. */
export function gatewayIdOf(env: { GATEWAY_ID?: string | undefined }): string {
  return env.GATEWAY_ID ?? `${hostname()}:${process.pid}`;
}

/** Field of the heartbeat hash holding the version served for a tenant. */
export const heartbeatTenantField = (tenantId: string) => `tenant:${tenantId}`;

/**
 * Every few seconds, this process writes who it is and which config version it serves for
 * each tenant into a Redis hash with a TTL of three intervals (so a dead process drops
 * out by itself), and its id into a sorted set by time (so the control plane lists the
 * live gateways without SCAN, and ignores entries older than the TTL). Redis being down
 * only skips beats: serving never depends on it.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();
  private failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly store: SnapshotStore,
    private readonly options: HeartbeatOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Writes one beat now. Never throws. */
  async beat(): Promise<void> {
    const { prefix, gatewayId, intervalMs } = this.options;
    const key = redisKeys.gatewayHeartbeat(prefix, gatewayId);
    const set = redisKeys.gatewayHeartbeats(prefix);
    const now = Date.now();
    const fields: string[] = [
      'gatewayId',
      gatewayId,
      'at',
      String(now),
      'startedAt',
      String(this.startedAt),
      'host',
      hostname(),
      'pid',
      String(process.pid),
    ];
    for (const compiled of this.store.all())
      fields.push(heartbeatTenantField(compiled.tenantId), String(compiled.version));
    const ttlMs = intervalMs * 3;
    try {
      await this.redis
        .multi()
        .del(key)
        .hset(key, ...fields)
        .pexpire(key, ttlMs)
        .zadd(set, now, gatewayId)
        .zremrangebyscore(set, '-inf', now - ttlMs)
        .exec();
      if (this.failing) this.logger.info({ gatewayId }, 'heartbeat written again');
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn({ err: error, gatewayId }, 'heartbeat not written (Redis unreachable?)');
      this.failing = true;
    }
  }

  /** Stops beating and removes this process's entry (it is no longer serving). */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const { prefix, gatewayId } = this.options;
    try {
      await this.redis
        .multi()
        .del(redisKeys.gatewayHeartbeat(prefix, gatewayId))
        .zrem(redisKeys.gatewayHeartbeats(prefix), gatewayId)
        .exec();
    } catch {
      // Redis gone: the TTL removes the entry.
    }
  }
}

/** What the control plane reads: every live gateway and the version it serves per tenant. */
export interface GatewayBeat {
  gatewayId: string;
  at: number;
  versions: Record<string, number>;
}

/** Reads the live gateways' heartbeats (for tests and the control plane). */
export async function readHeartbeats(redis: Redis, prefix: string): Promise<GatewayBeat[]> {
  const ids = await redis.zrange(redisKeys.gatewayHeartbeats(prefix), 0, -1);
  const beats: GatewayBeat[] = [];
  for (const gatewayId of ids) {
    const hash = await redis.hgetall(redisKeys.gatewayHeartbeat(prefix, gatewayId));
    if (hash.at === undefined) continue;
    const versions: Record<string, number> = {};
    for (const [field, value] of Object.entries(hash))
      if (field.startsWith('tenant:')) versions[field.slice('tenant:'.length)] = Number(value);
    beats.push({ gatewayId, at: Number(hash.at), versions });
  }
  return beats;
}
