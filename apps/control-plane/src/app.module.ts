import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemFilter } from './common/problem.filter.js';
import type { Env } from './env.js';
import { EnvModule } from './infra/env.module.js';
import { InfraModule } from './infra/infra.module.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { ApisModule } from './modules/apis/apis.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuditCoreModule } from './modules/audit/audit-core.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ConsumerAccountsModule } from './modules/consumer-accounts/consumer-accounts.module.js';
import { ConsumersModule } from './modules/consumers/consumers.module.js';
import { DeclarativeModule } from './modules/declarative/declarative.module.js';
import { DomainsModule } from './modules/domains/domains.module.js';
import { KeysModule } from './modules/keys/keys.module.js';
import { MeModule } from './modules/me/me.module.js';
import { MembersModule } from './modules/members/members.module.js';
import { OpenApiModule } from './modules/openapi/openapi.module.js';
import { PlansModule } from './modules/plans/plans.module.js';
import { ProjectionsModule } from './modules/projections/projections.module.js';
import { ReleasesModule } from './modules/releases/releases.module.js';
import { RequestLogModule } from './modules/request-log/request-log.module.js';
import { SecretsModule } from './modules/secrets/secrets.module.js';
import { SubscriptionsModule } from './modules/subscriptions/subscriptions.module.js';
import { TenancyModule } from './modules/tenancy/tenancy.module.js';
import { UsageModule } from './modules/usage/usage.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class AppModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        InfraModule.forRoot(env),
        AuditCoreModule,
        SecretsModule.forRoot(env),
        TenancyModule,
        MembersModule,
        AuthModule,
        ApisModule,
        PlansModule,
        ConsumersModule,
        SubscriptionsModule,
        KeysModule,
        UsageModule,
        ConsumerAccountsModule,
        MeModule,
        RequestLogModule,
        ProjectionsModule,
        ReleasesModule,
        DeclarativeModule,
        AuditModule,
        DomainsModule,
        WebhooksModule,
        AlertsModule,
        OpenApiModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
