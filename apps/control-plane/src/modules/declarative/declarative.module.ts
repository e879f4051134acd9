import { Module } from '@nestjs/common';
import { ApiConfigModule } from '../apis/api-config/api-config.module.js';
import { ApisModule } from '../apis/apis.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ReleasesCoreModule } from '../releases/releases-core.module.js';
import { ConfigExecutor } from './config-executor.js';
import { DeclarativeController } from './declarative.controller.js';
import { DeclarativeService } from './declarative.service.js';

/** Declarative config: a tenant's APIs and plans exported, planned and applied as one document (the `tollgate` CLI). */
@Module({
  imports: [ApisModule, PlansModule, ApiConfigModule, ProjectionsModule, ReleasesCoreModule],
  controllers: [DeclarativeController],
  providers: [DeclarativeService, ConfigExecutor],
})
export class DeclarativeModule {}
