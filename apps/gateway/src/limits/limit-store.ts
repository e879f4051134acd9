import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../env.js';
import { GATEWAY_ENV, LOGGER } from '../tokens.js';
import { limitScript, limitScriptSha } from './limit-script.js';

/** Runs the limit script: `keys` and `args` as in {@link limitScript}; resolves with its result. */
export interface LimitStore {
  run(keys: string[], args: (string | number)[]): Promise<number[]>;
}

/**
 * The limit script on its own Redis connection, bounded by a short command timeout and
 * with no offline queue: while Redis is down or slow, a check fails within the timeout
 * (and the limit's fail mode decides) instead of waiting for a reconnect. The script is
 * loaded once per connection (`SCRIPT LOAD` on every ready) and called with EVALSHA;
 * a NOSCRIPT answer (Redis restarted, or its script cache flushed) falls back to EVAL,
 * which loads it again.
 */
export class RedisLimitStore implements LimitStore {
  constructor(readonly redis: Redis) {}

  async load(): Promise<void> {
    await this.redis.script('LOAD', limitScript);
  }

  async run(keys: string[], args: (string | number)[]): Promise<number[]> {
    try {
      return (await this.redis.evalsha(limitScriptSha, keys.length, ...keys, ...args)) as number[];
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return (await this.redis.eval(limitScript, keys.length, ...keys, ...args)) as number[];
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

export function createLimitRedis(url: string, timeoutMs: number): Redis {
  return new Redis(url, {
    connectionName: 'tollgate-gateway-limits',
    commandTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
}

/** The gateway's {@link RedisLimitStore} as a Nest provider: connects at boot, closes at shutdown. */
@Injectable()
export class LimitStoreProvider implements OnModuleInit, OnApplicationShutdown {
  readonly store: RedisLimitStore;

  constructor(
    @Inject(GATEWAY_ENV) env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const redis = createLimitRedis(env.REDIS_URL, env.GATEWAY_LIMITS_TIMEOUT_MS);
    this.store = new RedisLimitStore(redis);
    redis.on('error', (error) => logger.warn({ err: error }, 'redis limits connection error'));
    redis.on('ready', () => {
      this.store.load().catch((error: unknown) => logger.warn({ err: error }, 'limit script not loaded'));
    });
  }

  async onModuleInit(): Promise<void> {
    // Boot does not wait long for Redis: the limits' fail modes cover it meanwhile.
    const redis = this.store.redis;
    if (redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, 2_000);
      redis.once('ready', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.redis.quit().catch(() => this.store.redis.disconnect());
    this.logger.debug('limits connection closed');
  }
}
