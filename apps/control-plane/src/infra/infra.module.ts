import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@tollgate/db';
import { Redis } from 'ioredis';
import { PRISMA, REDIS, REDIS_PREFIX } from './tokens.js';

export interface InfraOptions {
  DATABASE_URL: string;
  REDIS_URL: string;
  REDIS_PREFIX: string;
}

/** Closes the shared clients once the HTTP server has stopped taking requests. */
@Injectable()
class InfraShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.prisma.$disconnect(), this.redis.quit()]);
  }
}

/** The one Prisma client and the one Redis client of the process. */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class InfraModule {
  static forRoot(options: InfraOptions): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: PRISMA, useFactory: () => createPrismaClient(options.DATABASE_URL) },
        {
          provide: REDIS,
          useFactory: () =>
            new Redis(options.REDIS_URL, { maxRetriesPerRequest: 3, enableAutoPipelining: false }),
        },
        { provide: REDIS_PREFIX, useValue: options.REDIS_PREFIX },
        InfraShutdown,
      ],
      exports: [PRISMA, REDIS, REDIS_PREFIX],
    };
  }
}
