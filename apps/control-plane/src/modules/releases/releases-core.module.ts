import { Module } from '@nestjs/common';
import { configValidityCheck } from './config-validity.check.js';
import { GatewayHeartbeatsReader } from './gateway-heartbeats.reader.js';
import { PrivateUpstreamPolicy } from './private-upstreams.js';
import { ReleaseService } from './release.service.js';
import { RELEASE_CHECKS, type ReleaseCheck } from './release-check.js';
import { ReleasesRepository } from './releases.repository.js';

/** The ordered release gate. A dry run against recorded traffic (metering) goes after validity. */
const releaseChecks: ReleaseCheck[] = [configValidityCheck];

/** The release path without HTTP: also used by the projections (auto-publish) and the maintenance commands. */
@Module({
  providers: [
    ReleasesRepository,
    ReleaseService,
    GatewayHeartbeatsReader,
    PrivateUpstreamPolicy,
    { provide: RELEASE_CHECKS, useValue: releaseChecks },
  ],
  exports: [ReleaseService],
})
export class ReleasesCoreModule {}
