import { Module } from '@nestjs/common';
import { ApiConfigModule } from '../apis/api-config/api-config.module.js';
import { RoutesController } from './routes.controller.js';
import { RoutesRepository } from './routes.repository.js';
import { RoutesService } from './routes.service.js';

/** Routes of an API: method and path template, with per-route policies. */
@Module({
  imports: [ApiConfigModule],
  controllers: [RoutesController],
  providers: [RoutesService, RoutesRepository],
  exports: [RoutesService],
})
export class RoutesModule {}
