import { Body, Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { dataOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import { type SigningSecretOutput, signingSecretOutputSchema } from './apis.schemas.js';
import { type AddSigningSecretInput, addSigningSecretInputSchema } from './signing-secrets.schemas.js';
import { SigningSecretsService } from './signing-secrets.service.js';

/** Upstream signing secrets: listed (masked) on the API; added and deleted here. */
@Controller('v1/tenants/:tenantId/apis/:apiId/signing-secrets')
@UseGuards(TenantGuard)
export class SigningSecretsController {
  constructor(private readonly secrets: SigningSecretsService) {}

  @Post()
  @Returns(dataOf(signingSecretOutputSchema))
  @RequirePermission('apis.write')
  @HttpCode(201)
  async add(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Body(new ZodPipe(addSigningSecretInputSchema)) body: AddSigningSecretInput,
  ): Promise<{ data: SigningSecretOutput }> {
    return { data: await this.secrets.add(access, apiId, body.secret) };
  }

  @Delete(':secretId')
  @Returns(null)
  @RequirePermission('apis.write')
  @HttpCode(204)
  async remove(
    @Tenant() access: TenantAccess,
    @Param('apiId') apiId: string,
    @Param('secretId') secretId: string,
  ): Promise<void> {
    await this.secrets.remove(access, apiId, secretId);
  }
}
