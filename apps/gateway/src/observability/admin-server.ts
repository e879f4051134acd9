import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { SnapshotLoader } from '../config/snapshot-loader.js';
import { SnapshotStore } from '../config/snapshot-store.js';
import { RedisConnections } from '../infra/redis-connections.js';
import { KeyCache } from '../keys/key-cache.js';
import { listenOn } from '../net/listen.js';
import { LOGGER } from '../tokens.js';
import { UsageBatcher } from '../usage/usage-batcher.js';
import { GatewayMetrics } from './gateway-metrics.js';

/**
 * The admin listener, on its own port (GATEWAY_ADMIN_PORT) so tenant traffic can never
 * reach it and it can stay inside the cluster network: `GET /metrics` (Prometheus text),
 * `GET /healthz` (the process is up) and `GET /readyz` (snapshots loaded and Redis
 * answers: 503 otherwise, so a load balancer keeps traffic away until both hold).
 */
@Injectable()
export class AdminServer implements OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SnapshotStore) private readonly snapshots: SnapshotStore,
    @Inject(SnapshotLoader) private readonly loader: SnapshotLoader,
    @Inject(RedisConnections) private readonly redis: RedisConnections,
    @Inject(UsageBatcher) private readonly usage: UsageBatcher,
    @Inject(KeyCache) private readonly keys: KeyCache,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  /** Starts listening; resolves with the port (useful with port 0). */
  async listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    const bound = await listenOn(server, port, host);
    this.server = server;
    return bound;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Snapshots loaded and Redis answering PING within 500 ms. */
  async readiness(): Promise<{ ready: boolean; snapshotsLoaded: boolean; tenants: number; redis: string }> {
    const snapshotsLoaded = this.loader.booted;
    let redis: string = this.redis.command.status;
    if (redis === 'ready') {
      try {
        await withTimeout(this.redis.command.ping(), 500);
      } catch {
        redis = 'unreachable';
      }
    }
    return {
      ready: snapshotsLoaded && redis === 'ready',
      snapshotsLoaded,
      tenants: this.snapshots.size,
      redis,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, 'text/plain', 'method not allowed\n');
      if (path === '/metrics') {
        const body = this.metrics.render({
          tenants: () => this.snapshots.size,
          usageBacklog: () => this.usage.backlog,
          usageSpooled: () => this.usage.spooled,
          keyCacheSize: () => this.keys.size,
          redisReady: () => this.redis.command.status === 'ready',
        });
        return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', body);
      }
      if (path === '/healthz') return send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
      if (path === '/readyz') {
        const readiness = await this.readiness();
        return send(res, readiness.ready ? 200 : 503, 'application/json', JSON.stringify(readiness));
      }
      send(res, 404, 'text/plain', 'not found\n');
    } catch (error) {
      this.logger.error({ err: error }, 'admin request failed');
      send(res, 500, 'text/plain', 'internal error\n');
    }
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
