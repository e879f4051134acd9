import { Module } from '@nestjs/common';
import { ReleasesController } from './releases.controller.js';
import { ReleasesCoreModule } from './releases-core.module.js';

/** Config releases: list, show, preview (diff + checks), publish, rollback, and what the gateways serve. */
@Module({ imports: [ReleasesCoreModule], controllers: [ReleasesController] })
export class ReleasesModule {}
