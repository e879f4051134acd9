import { Module } from '@nestjs/common';
import { KeyIndexProjector } from './key-index.projector.js';
import { KeyIndexRepository } from './key-index.repository.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotPublisher } from './snapshot-publisher.service.js';

/** The two projections of Postgres state that the gateways read: config snapshots and the key index. */
@Module({
  providers: [SnapshotRepository, SnapshotPublisher, KeyIndexRepository, KeyIndexProjector],
  exports: [SnapshotPublisher, KeyIndexProjector],
})
export class ProjectionsModule {}
