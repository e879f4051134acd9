import { type DynamicModule, Module } from '@nestjs/common';
import type { CliEnv } from '../env.js';
import { InfraModule } from '../infra/infra.module.js';
import { ProjectionsModule } from '../modules/projections/projections.module.js';

/** What the maintenance commands need: the clients and the projections, no HTTP. */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class CliModule {
  static forRoot(env: CliEnv): DynamicModule {
    return { module: CliModule, imports: [InfraModule.forRoot(env), ProjectionsModule] };
  }
}
