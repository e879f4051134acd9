import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { RequirePermission } from '../tenancy/permissions.js';
import { TenantGuard } from '../tenancy/tenant.guard.js';
import { Tenant, type TenantAccess } from '../tenancy/tenant-access.js';
import {
  type IssuedKeyOutput,
  type IssueKeyInput,
  issuedKeyOutputSchema,
  issueKeyInputSchema,
  type KeyOutput,
  keyOutputSchema,
  type ListKeysQuery,
  listKeysQuerySchema,
  type RotatedKeyOutput,
  type RotateKeyInput,
  rotatedKeyOutputSchema,
  rotateKeyInputSchema,
  type UpdateKeyInput,
  updateKeyInputSchema,
} from './keys.schemas.js';
import { KeysService } from './keys.service.js';

@Controller('v1/tenants/:tenantId/keys')
@UseGuards(TenantGuard)
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Get()
  @Returns(listOf(keyOutputSchema))
  @RequirePermission('keys.read')
  async list(
    @Tenant() access: TenantAccess,
    @Query(new ZodPipe(listKeysQuerySchema)) query: ListKeysQuery,
  ): Promise<{ data: KeyOutput[] }> {
    return { data: await this.keys.list(access, query) };
  }

  @Post()
  @Returns(issuedKeyOutputSchema)
  @RequirePermission('keys.write')
  @HttpCode(201)
  issue(
    @Tenant() access: TenantAccess,
    @Body(new ZodPipe(issueKeyInputSchema)) body: IssueKeyInput,
  ): Promise<IssuedKeyOutput> {
    return this.keys.issue(access, body);
  }

  @Patch(':keyId')
  @Returns(dataOf(keyOutputSchema))
  @RequirePermission('keys.write')
  async update(
    @Tenant() access: TenantAccess,
    @Param('keyId') keyId: string,
    @Body(new ZodPipe(updateKeyInputSchema)) body: UpdateKeyInput,
  ): Promise<{ data: KeyOutput }> {
    return { data: await this.keys.update(access, keyId, body) };
  }

  @Post(':keyId/rotate')
  @Returns(rotatedKeyOutputSchema)
  @RequirePermission('keys.write')
  @HttpCode(201)
  rotate(
    @Tenant() access: TenantAccess,
    @Param('keyId') keyId: string,
    @Body(new ZodPipe(rotateKeyInputSchema)) body: RotateKeyInput,
  ): Promise<RotatedKeyOutput> {
    return this.keys.rotate(access, keyId, body);
  }

  @Post(':keyId/revoke')
  @Returns(dataOf(keyOutputSchema))
  @RequirePermission('keys.write')
  @HttpCode(200)
  async revoke(@Tenant() access: TenantAccess, @Param('keyId') keyId: string): Promise<{ data: KeyOutput }> {
    return { data: await this.keys.revoke(access, keyId) };
  }
}
