import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module.js';
import { PrivateUpstreamPolicy } from '../../releases/private-upstreams.js';
import { ApiConfigRepository } from './api-config.repository.js';
import { ConfigChanges } from './config-changes.js';
import { UpstreamUrlCheck } from './upstream-url-check.js';

/** What the API, route, target and identity provider modules share: the change path, URL checks, lookups. */
@Module({
  imports: [ProjectionsModule],
  providers: [ConfigChanges, ApiConfigRepository, UpstreamUrlCheck, PrivateUpstreamPolicy],
  exports: [ConfigChanges, ApiConfigRepository, UpstreamUrlCheck],
})
export class ApiConfigModule {}
