import { Module } from '@nestjs/common';
import { ReleasesCoreModule } from '../releases/releases-core.module.js';
import { ConsumerIndexProjector } from './consumer-index.projector.js';
import { KeyIndexProjector } from './key-index.projector.js';
import { KeyIndexRepository } from './key-index.repository.js';
import { SnapshotPublisher } from './snapshot-publisher.service.js';

/** The two projections of Postgres state that the gateways read: config snapshots and the key index. */
@Module({
  imports: [ReleasesCoreModule],
  providers: [SnapshotPublisher, KeyIndexRepository, KeyIndexProjector, ConsumerIndexProjector],
  exports: [SnapshotPublisher, KeyIndexProjector, ConsumerIndexProjector],
})
export class ProjectionsModule {}
