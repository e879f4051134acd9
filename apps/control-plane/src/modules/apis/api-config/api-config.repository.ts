import { Injectable } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { Transactions } from '../../audit/transactions.js';

export interface ApiRef {
  id: string;
  name: string;
  upstreamUrl: string;
}

/** Reads every API-config service needs: the tenant's slug, an API of the tenant, which identity providers are set. */
@Injectable()
export class ApiConfigRepository {
  constructor(private readonly transactions: Transactions) {}

  async tenantSlug(tenantId: string): Promise<string> {
    const tenant = await this.transactions.client.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { slug: true },
    });
    return tenant.slug;
  }

  /** The API, when it belongs to the tenant; another tenant's id is `not_found`, like an unknown one. */
  async apiOf(tenantId: string, apiId: string): Promise<ApiRef> {
    const api = await this.transactions.client.api.findFirst({
      where: { id: apiId, tenantId },
      select: { id: true, name: true, upstreamUrl: true },
    });
    if (api === null) throw new TollgateError('not_found', 'No such API in this tenant.');
    return api;
  }

  async providersSet(tenantId: string): Promise<{ jwt: boolean; oauth2: boolean }> {
    const row = await this.transactions.client.identityProviders.findUnique({
      where: { tenantId },
      select: { jwt: true, oauth2: true },
    });
    return { jwt: row?.jwt != null, oauth2: row?.oauth2 != null };
  }
}
