import { Controller, Get, Header, Inject } from '@nestjs/common';
import { SnapshotStore } from '../config/snapshot-store.js';
import { RedisConnections } from '../infra/redis-connections.js';
import { UsageBatcher } from '../usage/usage-batcher.js';

/**
 * `GET /_tollgate/healthz`, outside the tenant pipeline: no API base path can start with
 * `_`, so this path never shadows tenant traffic. Always 200 while the process serves;
 * the body says what is degraded.
 */
@Controller('_tollgate')
export class HealthController {
  constructor(
    @Inject(SnapshotStore) private readonly snapshots: SnapshotStore,
    @Inject(RedisConnections) private readonly redis: RedisConnections,
    @Inject(UsageBatcher) private readonly usage: UsageBatcher,
  ) {}

  @Get('healthz')
  @Header('cache-control', 'no-store')
  health(): { status: 'ok'; tenants: number; redis: string; usageBacklog: number } {
    return {
      status: 'ok',
      tenants: this.snapshots.size,
      redis: this.redis.command.status,
      usageBacklog: this.usage.backlog,
    };
  }
}
