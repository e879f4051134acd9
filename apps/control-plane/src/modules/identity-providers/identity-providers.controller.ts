import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { dataOf, Returns } from '../../common/returns.js';
import { StrictBodyPipe } from '../apis/api-config/strict-body.pipe.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type IdentityProvidersOutput,
  identityProvidersOutputSchema,
  type UpdateIdentityProvidersInput,
  updateIdentityProvidersInputSchema,
} from './identity-providers.schemas.js';
import { IdentityProvidersService } from './identity-providers.service.js';

@Controller('v1/tenants/:tenantId/identity-providers')
@UseGuards(TenantGuard)
export class IdentityProvidersController {
  constructor(private readonly providers: IdentityProvidersService) {}

  @Get()
  @Returns(dataOf(identityProvidersOutputSchema))
  @RequirePermission('apis.read')
  async get(@Tenant() access: TenantAccess): Promise<{ data: IdentityProvidersOutput }> {
    return { data: await this.providers.get(access) };
  }

  @Patch()
  @Returns(dataOf(identityProvidersOutputSchema))
  @RequirePermission('apis.write')
  async update(
    @Tenant() access: TenantAccess,
    @Body(new StrictBodyPipe(updateIdentityProvidersInputSchema)) body: UpdateIdentityProvidersInput,
  ): Promise<{ data: IdentityProvidersOutput }> {
    return { data: await this.providers.update(access, body) };
  }
}
