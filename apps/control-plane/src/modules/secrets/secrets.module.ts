import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SecretBox, secretBoxFromEnv } from '@tollgate/secrets';
import { ResealRegistry } from './reseal-registry.js';

export interface MasterKeys {
  MASTER_KEY: string;
  MASTER_KEY_ID: string;
  PREVIOUS_MASTER_KEYS?: string | undefined;
}

/**
 * The master keys (`MASTER_KEY`, `PREVIOUS_MASTER_KEYS`) as one injectable {@link SecretBox}, and
 * the registry of stored secret kinds that `secrets:reseal` walks. Global: any module that stores
 * a secret seals it with the one box and registers its kind.
 */
@Global()
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class SecretsModule {
  static forRoot(keys: MasterKeys): DynamicModule {
    return {
      module: SecretsModule,
      providers: [{ provide: SecretBox, useFactory: () => secretBoxFromEnv(keys) }, ResealRegistry],
      exports: [SecretBox, ResealRegistry],
    };
  }
}
