import { newId } from '@tollgate/contracts';
import type { Api, Route } from '@tollgate/db';
import type { FactoryDb } from './db-client.js';
import { uniqueSuffix } from './unique.js';

export interface ApiInput {
  tenantId: string;
  name?: string;
  basePath?: string;
  upstreamUrl?: string;
  sandboxUpstreamUrl?: string | null;
}

export function createApi(db: FactoryDb, input: ApiInput): Promise<Api> {
  const suffix = uniqueSuffix();
  return db.api.create({
    data: {
      id: newId('api'),
      tenantId: input.tenantId,
      name: input.name ?? `API ${suffix}`,
      basePath: input.basePath ?? `/api-${suffix}`,
      upstreamUrl: input.upstreamUrl ?? 'http://127.0.0.1:4010',
      sandboxUpstreamUrl: input.sandboxUpstreamUrl ?? null,
    },
  });
}

export interface RouteInput {
  apiId: string;
  method?: string;
  pathTemplate?: string;
  name?: string;
}

/** A route of `apiId`; its tenant is the API's. */
export async function createRoute(db: FactoryDb, input: RouteInput): Promise<Route> {
  const api = await db.api.findUniqueOrThrow({ where: { id: input.apiId }, select: { tenantId: true } });
  return db.route.create({
    data: {
      id: newId('route'),
      tenantId: api.tenantId,
      apiId: input.apiId,
      method: input.method ?? 'ANY',
      pathTemplate: input.pathTemplate ?? `/r-${uniqueSuffix()}`,
      name: input.name ?? null,
    },
  });
}
