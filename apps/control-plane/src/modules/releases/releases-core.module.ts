import { Module } from '@nestjs/common';
import { AuditCoreModule } from '../audit/audit-core.module.js';
import { configValidityCheck } from './config-validity.check.js';
import { DryRunRepository } from './dry-run/dry-run.repository.js';
import { ReleaseDryRun } from './dry-run/release-dry-run.js';
import { GatewayHeartbeatsReader } from './gateway-heartbeats.reader.js';
import { PrivateUpstreamPolicy } from './private-upstreams.js';
import { ReleaseService } from './release.service.js';
import { RELEASE_CHECKS, type ReleaseCheck } from './release-check.js';
import { ReleasesRepository } from './releases.repository.js';

/** The ordered release gate: validity, then the dry run against recorded traffic. */
const releaseChecks = (dryRun: ReleaseDryRun): ReleaseCheck[] => [configValidityCheck, dryRun];

/** The release path without HTTP: also used by the projections (auto-publish) and the maintenance commands. */
@Module({
  // Global in the app; imported here too so the maintenance commands (CliModule) have it.
  imports: [AuditCoreModule],
  providers: [
    ReleasesRepository,
    ReleaseService,
    GatewayHeartbeatsReader,
    PrivateUpstreamPolicy,
    DryRunRepository,
    ReleaseDryRun,
    { provide: RELEASE_CHECKS, useFactory: releaseChecks, inject: [ReleaseDryRun] },
  ],
  exports: [ReleaseService],
})
export class ReleasesCoreModule {}
