import { Module } from '@nestjs/common';
import { ConsumerIndexProjector } from './consumer-index.projector.js';
import { KeyIndexProjector } from './key-index.projector.js';
import { KeyIndexRepository } from './key-index.repository.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { SnapshotPublisher } from './snapshot-publisher.service.js';

/** The two projections of Postgres state that the gateways read: config snapshots and the key index. */
@Module({
  providers: [
    SnapshotRepository,
    SnapshotPublisher,
    KeyIndexRepository,
    KeyIndexProjector,
    ConsumerIndexProjector,
  ],
  exports: [SnapshotPublisher, KeyIndexProjector, ConsumerIndexProjector],
})
export class ProjectionsModule {}
