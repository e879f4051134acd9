import { Injectable } from '@nestjs/common';
import { type AuthMode } from '@tollgate/contracts';
import { Prisma } from '@tollgate/db';
import { Transactions } from '../audit/transactions.js';

export interface StoredProviders {
  jwt: unknown;
  oauth2: unknown;
}

const json = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonObject));

/** The tenant's identity providers row; every read and write joins the current transaction. */
@Injectable()
export class IdentityProvidersRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  async find(tenantId: string): Promise<StoredProviders> {
    const row = await this.db.identityProviders.findUnique({
      where: { tenantId },
      select: { jwt: true, oauth2: true },
    });
    return { jwt: row?.jwt ?? null, oauth2: row?.oauth2 ?? null };
  }

  /** The row, locked until the transaction ends, so two changes cannot interleave. */
  async lock(tenantId: string): Promise<StoredProviders> {
    await this.db
      .$queryRaw`SELECT tenant_id FROM identity_providers WHERE tenant_id = ${tenantId} FOR UPDATE`;
    return this.find(tenantId);
  }

  async save(tenantId: string, providers: StoredProviders): Promise<void> {
    const data = { jwt: json(providers.jwt), oauth2: json(providers.oauth2) };
    await this.db.identityProviders.upsert({
      where: { tenantId },
      create: { tenantId, ...data },
      update: data,
    });
  }

  /** Names of the APIs, and `METHOD /template` of the routes, in `mode`. */
  async usersOf(tenantId: string, mode: AuthMode): Promise<string[]> {
    const inMode = { policies: { path: ['auth', 'mode'], equals: mode } };
    const apis = await this.db.api.findMany({ where: { tenantId, ...inMode }, select: { name: true } });
    const routes = await this.db.route.findMany({
      where: { tenantId, ...inMode },
      select: { method: true, pathTemplate: true, api: { select: { name: true } } },
    });
    return [
      ...apis.map((a) => `API ${a.name}`),
      ...routes.map((r) => `${r.method} ${r.pathTemplate} on ${r.api.name}`),
    ];
  }

  /** Every tenant with an OAuth2 provider (master key rotation). */
  withOAuth2() {
    return this.db.identityProviders.findMany({
      where: { oauth2: { not: Prisma.DbNull } },
      select: { tenantId: true, oauth2: true },
    });
  }

  /** Replaces the OAuth2 settings only if they are still `expected`; true when replaced. */
  async replaceOAuth2(tenantId: string, expected: unknown, next: unknown): Promise<boolean> {
    const { count } = await this.db.identityProviders.updateMany({
      where: { tenantId, oauth2: { equals: expected as Prisma.InputJsonObject } },
      data: { oauth2: next as Prisma.InputJsonObject },
    });
    return count === 1;
  }
}
