import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module.js';
import { DomainsController } from './domains.controller.js';
import { DomainsService } from './domains.service.js';
import { DomainsCoreModule } from './domains-core.module.js';
import { TxtResolver } from './txt-resolver.js';

@Module({
  imports: [DomainsCoreModule, ProjectionsModule],
  controllers: [DomainsController],
  providers: [DomainsService, TxtResolver],
})
export class DomainsModule {}
