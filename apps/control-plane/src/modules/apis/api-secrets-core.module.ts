import { Module } from '@nestjs/common';
import { IdentityProvidersRepository } from '../identity-providers/identity-providers.repository.js';
import { OAuth2SecretResealer } from '../identity-providers/oauth2-secret.resealer.js';
import { ApisRepository } from './apis.repository.js';
import { SigningSecretsResealer } from './signing-secrets.resealer.js';

/**
 * The kinds of secret API configuration stores (upstream signing secrets, OAuth2 client
 * secrets), registered for `secrets:reseal`; also loaded by the maintenance commands.
 */
@Module({
  providers: [ApisRepository, IdentityProvidersRepository, SigningSecretsResealer, OAuth2SecretResealer],
})
export class ApiSecretsCoreModule {}
