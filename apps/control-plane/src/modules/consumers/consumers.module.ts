import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module.js';
import { ConsumersController } from './consumers.controller.js';
import { ConsumersRepository } from './consumers.repository.js';
import { ConsumersService } from './consumers.service.js';

@Module({
  imports: [ProjectionsModule],
  controllers: [ConsumersController],
  providers: [ConsumersService, ConsumersRepository],
})
export class ConsumersModule {}
