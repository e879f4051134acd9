import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { PRISMA } from '../../infra/tokens.js';

const apiFields = {
  id: true,
  name: true,
  basePath: true,
  upstreamUrl: true,
  sandboxUpstreamUrl: true,
  createdAt: true,
  routes: { select: { id: true, method: true, pathTemplate: true }, orderBy: { createdAt: 'asc' } },
} as const;

export interface ApiRow {
  id: string;
  name: string;
  basePath: string;
  upstreamUrl: string;
  sandboxUpstreamUrl: string | null;
  createdAt: Date;
  routes: Array<{ id: string; method: string; pathTemplate: string }>;
}

export interface NewApi {
  id: string;
  tenantId: string;
  name: string;
  basePath: string;
  upstreamUrl: string;
  sandboxUpstreamUrl: string | null;
  routes: Array<{ id: string; method: string; pathTemplate: string }>;
}

@Injectable()
export class ApisRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The API and its routes in one statement; a base path taken in the tenant is a `conflict`. */
  async create(api: NewApi): Promise<ApiRow> {
    const { routes, ...fields } = api;
    try {
      return await this.prisma.api.create({
        data: { ...fields, routes: { create: routes.map((r) => ({ ...r, tenantId: api.tenantId })) } },
        select: apiFields,
      });
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
      throw new TollgateError('conflict', 'This tenant already has an API at this base path.');
    }
  }

  list(tenantId: string): Promise<ApiRow[]> {
    return this.prisma.api.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'asc' },
      select: apiFields,
    });
  }
}
