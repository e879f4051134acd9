import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ApisController } from './apis.controller.js';
import { ApisRepository } from './apis.repository.js';
import { ApisService } from './apis.service.js';

@Module({
  imports: [ProjectionsModule],
  controllers: [ApisController],
  providers: [ApisService, ApisRepository],
})
export class ApisModule {}
