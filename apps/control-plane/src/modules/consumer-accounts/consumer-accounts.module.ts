import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { ConsumerGuard } from './consumer.guard.js';
import { ConsumerAccountsRepository } from './consumer-accounts.repository.js';
import { ConsumerAccountsService } from './consumer-accounts.service.js';
import { PortalController } from './portal.controller.js';

/** Developer-portal accounts: sign-up, sign-in and the guard of the consumer's own routes. */
@Module({
  imports: [AuthModule, SubscriptionsModule],
  controllers: [PortalController],
  providers: [ConsumerAccountsService, ConsumerAccountsRepository, ConsumerGuard],
  exports: [ConsumerAccountsService, ConsumerAccountsRepository, ConsumerGuard],
})
export class ConsumerAccountsModule {}
