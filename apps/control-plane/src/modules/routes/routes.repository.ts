import { Injectable } from '@nestjs/common';
import type { Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { uniqueViolation } from '../../infra/prisma-errors.js';
import { Transactions } from '../audit/transactions.js';

const routeFields = {
  id: true,
  method: true,
  pathTemplate: true,
  name: true,
  policies: true,
} as const satisfies Prisma.RouteSelect;

export type RouteRow = Prisma.RouteGetPayload<{ select: typeof routeFields }>;

export interface RouteFields {
  method: string;
  pathTemplate: string;
  name: string | null;
  policies: Prisma.InputJsonObject;
}

function conflict(error: unknown): never {
  if (uniqueViolation(error) === null) throw error;
  throw new TollgateError('conflict', 'This API already has a route with this method and path template.');
}

/** Routes of an API; every read and write joins the current transaction. */
@Injectable()
export class RoutesRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  list(apiId: string): Promise<RouteRow[]> {
    return this.db.route.findMany({ where: { apiId }, orderBy: { createdAt: 'asc' }, select: routeFields });
  }

  find(tenantId: string, apiId: string, routeId: string): Promise<RouteRow | null> {
    return this.db.route.findFirst({ where: { id: routeId, apiId, tenantId }, select: routeFields });
  }

  async create(route: RouteFields & { id: string; tenantId: string; apiId: string }): Promise<RouteRow> {
    try {
      return await this.db.route.create({ data: route, select: routeFields });
    } catch (error) {
      conflict(error);
    }
  }

  async update(routeId: string, fields: Partial<RouteFields>): Promise<RouteRow> {
    try {
      return await this.db.route.update({ where: { id: routeId }, data: fields, select: routeFields });
    } catch (error) {
      conflict(error);
    }
  }

  async delete(routeId: string): Promise<void> {
    await this.db.route.delete({ where: { id: routeId } });
  }
}
