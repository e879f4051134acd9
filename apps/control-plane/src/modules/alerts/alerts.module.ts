import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';

/** Usage alerts and plan thresholds; `AlertsService.activeAlertsFor(consumerId)` is the portal's banner flag. */
@Module({
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository],
  exports: [AlertsService],
})
export class AlertsModule {}
