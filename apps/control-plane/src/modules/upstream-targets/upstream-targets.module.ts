import { Module } from '@nestjs/common';
import { ApiConfigModule } from '../apis/api-config/api-config.module.js';
import { UpstreamTargetsController } from './upstream-targets.controller.js';
import { UpstreamTargetsRepository } from './upstream-targets.repository.js';
import { UpstreamTargetsService } from './upstream-targets.service.js';

/** Load-balanced upstream targets of an API (URL + weight), each checked by the SSRF guard. */
@Module({
  imports: [ApiConfigModule],
  controllers: [UpstreamTargetsController],
  providers: [UpstreamTargetsService, UpstreamTargetsRepository],
  exports: [UpstreamTargetsService],
})
export class UpstreamTargetsModule {}
