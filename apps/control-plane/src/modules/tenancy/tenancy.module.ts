import { Global, Module } from '@nestjs/common';
import { TenancyRepository } from './tenancy.repository.js';
import { TenantGuard } from './tenant.guard.js';

/** Global so every domain module can put `@UseGuards(TenantGuard)` on its controller. */
@Global()
@Module({ providers: [TenancyRepository, TenantGuard], exports: [TenancyRepository, TenantGuard] })
export class TenancyModule {}
