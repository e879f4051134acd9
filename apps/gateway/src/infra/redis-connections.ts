import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { GatewayEnv } from '../env.js';
import { GATEWAY_ENV, LOGGER } from '../tokens.js';

/**
 * The gateway's Redis connections: one for commands (key index reads: fail fast rather
 * than queue, so a request never hangs on a dead Redis) and one for pub/sub.
 * Channel handlers are plain functions by channel name; ioredis resubscribes after a
 * reconnect, and `onResubscribed` lets callers catch up on notices missed meanwhile.
 */
@Injectable()
export class RedisConnections {
  readonly command: Redis;
  readonly subscriber: Redis;
  private readonly handlers = new Map<string, (message: string) => void>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private subscriberReadyOnce = false;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv, @Inject(LOGGER) logger: Logger) {
    this.command = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, connectionName: 'tollgate-gateway' });
    this.subscriber = new Redis(env.REDIS_URL, {
      maxRetriesPerRequest: null,
      connectionName: 'tollgate-gateway-sub',
    });
    this.command.on('error', (error) => logger.warn({ err: error }, 'redis command connection error'));
    this.subscriber.on('error', (error) => logger.warn({ err: error }, 'redis subscriber connection error'));
    this.subscriber.on('message', (channel: string, message: string) =>
      this.handlers.get(channel)?.(message),
    );
    this.subscriber.on('ready', () => {
      if (this.subscriberReadyOnce) for (const handler of this.reconnectHandlers) handler();
      this.subscriberReadyOnce = true;
    });
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.handlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
  }

  /** Runs after the subscriber connection came back: notices sent while it was down are lost. */
  onResubscribed(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.command.quit(), this.subscriber.quit()]);
  }
}
