import { Injectable } from '@nestjs/common';
import type { Prisma, SubscriptionStatus } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

const apiFields = {
  id: true,
  name: true,
  description: true,
  basePath: true,
  upstreamUrl: true,
  sandboxUpstreamUrl: true,
  versionName: true,
  versionBy: true,
  versionDefault: true,
  policies: true,
  signingSecrets: true,
  createdAt: true,
  updatedAt: true,
  routes: {
    select: { id: true, method: true, pathTemplate: true, name: true, policies: true },
    orderBy: { createdAt: 'asc' },
  },
  upstreamTargets: {
    select: { id: true, url: true, weight: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  },
} as const satisfies Prisma.ApiSelect;

export type ApiRow = Prisma.ApiGetPayload<{ select: typeof apiFields }>;

/** The columns an API is created or updated with (routes aside). */
export interface ApiFields {
  name: string;
  description: string | null;
  basePath: string;
  upstreamUrl: string;
  sandboxUpstreamUrl: string | null;
  versionName: string;
  versionBy: string | null;
  versionDefault: boolean;
  policies: Prisma.InputJsonObject;
}

/** Subscriptions whose plan version stays in every snapshot (as the release compiler reads them). */
const liveStatuses: SubscriptionStatus[] = ['trialing', 'active', 'past_due'];

function conflict(error: unknown): never {
  if (uniqueViolation(error) === null) throw error;
  throw new TollgateError('conflict', 'This tenant already has an API at this base path and version.');
}

/** APIs of a tenant; every read and write joins the current transaction. */
@Injectable()
export class ApisRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  /** The API and its catch-all route; a base path and version taken in the tenant is a `conflict`. */
  async create(
    api: ApiFields & { id: string; tenantId: string },
    routes: Array<{ id: string; method: string; pathTemplate: string }>,
  ): Promise<ApiRow> {
    try {
      return await this.db.api.create({
        data: { ...api, routes: { create: routes.map((r) => ({ ...r, tenantId: api.tenantId })) } },
        select: apiFields,
      });
    } catch (error) {
      conflict(error);
    }
  }

  list(tenantId: string): Promise<ApiRow[]> {
    return this.db.api.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' }, select: apiFields });
  }

  find(tenantId: string, apiId: string): Promise<ApiRow | null> {
    return this.db.api.findFirst({ where: { id: apiId, tenantId }, select: apiFields });
  }

  async update(apiId: string, fields: Partial<ApiFields>): Promise<ApiRow> {
    try {
      return await this.db.api.update({ where: { id: apiId }, data: fields, select: apiFields });
    } catch (error) {
      conflict(error);
    }
  }

  async delete(apiId: string): Promise<void> {
    await this.db.api.delete({ where: { id: apiId } });
  }

  /** The other APIs on a base path of the tenant (versions of one another). */
  siblings(tenantId: string, basePath: string, exceptId: string | null) {
    return this.db.api.findMany({
      where: { tenantId, basePath, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true, name: true, versionName: true, versionDefault: true },
    });
  }

  /**
   * Plans whose snapshot-carried versions (the current version of a plan not archived, or a
   * version live subscriptions use) cover the API: removing it would strand their keys.
   */
  async coveringPlans(tenantId: string, apiId: string): Promise<string[]> {
    const versions = await this.db.planVersion.findMany({
      where: { tenantId, apiIds: { has: apiId } },
      select: {
        version: true,
        plan: { select: { name: true, currentVersion: true, archivedAt: true } },
        subscriptions: { where: { status: { in: liveStatuses } }, select: { id: true }, take: 1 },
      },
    });
    const names = versions
      .filter(
        (v) =>
          v.subscriptions.length > 0 || (v.plan.archivedAt === null && v.plan.currentVersion === v.version),
      )
      .map((v) => v.plan.name);
    return [...new Set(names)].sort();
  }

  /** The API's stored signing secrets, its row locked until the transaction ends (read, change, write). */
  async lockSigningSecrets(tenantId: string, apiId: string): Promise<unknown | null> {
    const rows = await this.db.$queryRaw<Array<{ signing_secrets: unknown }>>`
      SELECT signing_secrets FROM apis WHERE id = ${apiId} AND tenant_id = ${tenantId} FOR UPDATE`;
    return rows[0] === undefined ? null : rows[0].signing_secrets;
  }

  async setSigningSecrets(apiId: string, secrets: Prisma.InputJsonArray): Promise<void> {
    await this.db.api.update({ where: { id: apiId }, data: { signingSecrets: secrets } });
  }

  /** Every API holding signing secrets (master key rotation). */
  withSigningSecrets() {
    return this.db.api.findMany({
      where: { NOT: { signingSecrets: { equals: [] } } },
      select: { id: true, tenantId: true, signingSecrets: true },
    });
  }

  /** Replaces the secrets only if they are still `expected` (a concurrent change wins); true when replaced. */
  async replaceSigningSecrets(
    apiId: string,
    expected: Prisma.InputJsonArray,
    secrets: Prisma.InputJsonArray,
  ): Promise<boolean> {
    const { count } = await this.db.api.updateMany({
      where: { id: apiId, signingSecrets: { equals: expected } },
      data: { signingSecrets: secrets },
    });
    return count === 1;
  }
}
