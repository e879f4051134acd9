import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditEventsRepository } from './audit-events.repository.js';
import { AuditEventsService } from './audit-events.service.js';

/** Reading and exporting the audit log (writing it is `AuditCoreModule`'s `AuditLog`). */
@Module({
  controllers: [AuditController],
  providers: [AuditEventsService, AuditEventsRepository],
})
export class AuditModule {}
