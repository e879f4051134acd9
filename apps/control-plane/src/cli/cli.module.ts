import { type DynamicModule, Module } from '@nestjs/common';
import type { CliEnv } from '../env.js';
import { InfraModule } from '../infra/infra.module.js';
import { ApiSecretsCoreModule } from '../modules/apis/api-secrets-core.module.js';
import { AuditCoreModule } from '../modules/audit/audit-core.module.js';
import { DomainsCoreModule } from '../modules/domains/domains-core.module.js';
import { ProjectionsModule } from '../modules/projections/projections.module.js';
import { SecretsModule } from '../modules/secrets/secrets.module.js';

/**
 * What the maintenance commands need: the clients and the projections, no HTTP. With the
 * master keys set, also the stored secret kinds (each registers itself) for `secrets:reseal`.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory
export class CliModule {
  static forRoot(env: CliEnv): DynamicModule {
    const { MASTER_KEY } = env;
    const secrets =
      MASTER_KEY === undefined
        ? []
        : [SecretsModule.forRoot({ ...env, MASTER_KEY }), DomainsCoreModule, ApiSecretsCoreModule];
    return {
      module: CliModule,
      imports: [InfraModule.forRoot(env), AuditCoreModule, ProjectionsModule, ...secrets],
    };
  }
}
