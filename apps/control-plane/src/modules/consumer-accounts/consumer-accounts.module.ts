import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { ConsumerGuard } from './consumer.guard.js';
import { ConsumerAccountsRepository } from './consumer-accounts.repository.js';
import { ConsumerAccountsService } from './consumer-accounts.service.js';
import { ConsumerPasswordResetService } from './consumer-password-reset.service.js';
import { PortalController } from './portal.controller.js';
import { PortalPlansRepository } from './portal-plans.repository.js';
import { PortalPlansService } from './portal-plans.service.js';

/** Developer-portal accounts: sign-up, sign-in, password reset, the guard of the consumer's own routes, and the portal's public plans. */
@Module({
  imports: [AuthModule, SubscriptionsModule],
  controllers: [PortalController],
  providers: [
    ConsumerAccountsService,
    ConsumerAccountsRepository,
    ConsumerGuard,
    ConsumerPasswordResetService,
    PortalPlansService,
    PortalPlansRepository,
  ],
  exports: [ConsumerAccountsService, ConsumerAccountsRepository, ConsumerGuard],
})
export class ConsumerAccountsModule {}
