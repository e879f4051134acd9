import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { ConsumerAccountsModule } from '../consumer-accounts/consumer-accounts.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { UsageModule } from '../usage/usage.module.js';
import { MeController } from './me.controller.js';
import { MeRepository } from './me.repository.js';
import { MeService } from './me.service.js';
import { SubscriptionQuotaReader } from './subscription-quota.reader.js';

/** `/v1/me/...`: a developer-portal consumer's own objects. */
@Module({
  imports: [AlertsModule, ConsumerAccountsModule, KeysModule, SubscriptionsModule, UsageModule],
  controllers: [MeController],
  providers: [MeService, MeRepository, SubscriptionQuotaReader],
})
export class MeModule {}
