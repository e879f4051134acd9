import { Module } from '@nestjs/common';
import { IdentityProvidersModule } from '../identity-providers/identity-providers.module.js';
import { RoutesModule } from '../routes/routes.module.js';
import { UpstreamTargetsModule } from '../upstream-targets/upstream-targets.module.js';
import { ApiConfigModule } from './api-config/api-config.module.js';
import { ApiSecretsCoreModule } from './api-secrets-core.module.js';
import { ApisController } from './apis.controller.js';
import { ApisRepository } from './apis.repository.js';
import { ApisService } from './apis.service.js';
import { SigningSecretsController } from './signing-secrets.controller.js';
import { SigningSecretsService } from './signing-secrets.service.js';

/**
 * APIs (base path, upstream, sandbox, version, policies, signing secrets) and, as modules of
 * their own, their routes, upstream targets and the tenant's identity providers.
 */
@Module({
  imports: [
    ApiConfigModule,
    ApiSecretsCoreModule,
    RoutesModule,
    UpstreamTargetsModule,
    IdentityProvidersModule,
  ],
  controllers: [ApisController, SigningSecretsController],
  providers: [ApisService, SigningSecretsService, ApisRepository],
  exports: [ApisService, RoutesModule, UpstreamTargetsModule],
})
export class ApisModule {}
