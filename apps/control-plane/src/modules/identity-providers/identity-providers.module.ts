import { Module } from '@nestjs/common';
import { ApiConfigModule } from '../apis/api-config/api-config.module.js';
import { IdentityProvidersController } from './identity-providers.controller.js';
import { IdentityProvidersRepository } from './identity-providers.repository.js';
import { IdentityProvidersService } from './identity-providers.service.js';

/** The tenant's JWT and OAuth2 introspection settings (for APIs and routes in those auth modes). */
@Module({
  imports: [ApiConfigModule],
  controllers: [IdentityProvidersController],
  providers: [IdentityProvidersService, IdentityProvidersRepository],
})
export class IdentityProvidersModule {}
