import { Module } from '@nestjs/common';
import { ConsumersController } from './consumers.controller.js';
import { ConsumersRepository } from './consumers.repository.js';
import { ConsumersService } from './consumers.service.js';

@Module({ controllers: [ConsumersController], providers: [ConsumersService, ConsumersRepository] })
export class ConsumersModule {}
