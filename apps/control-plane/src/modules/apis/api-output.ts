import { type ApiVersion, httpMethodSchema } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import { readSigningSecrets } from './api-config/stored-secrets.js';
import type { ApiRow } from './apis.repository.js';
import type { ApiOutput } from './apis.schemas.js';

function versionOf(api: Pick<ApiRow, 'versionName' | 'versionBy' | 'versionDefault'>): ApiVersion | null {
  if (api.versionName === '') return null;
  return {
    name: api.versionName,
    by: api.versionBy === 'header' ? 'header' : 'path',
    default: api.versionDefault,
  };
}

/** The API as the control plane answers it: secrets only by id and last four characters. */
export function apiOutput(api: ApiRow): ApiOutput {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    basePath: api.basePath,
    upstreamUrl: api.upstreamUrl,
    sandboxUpstreamUrl: api.sandboxUpstreamUrl,
    version: versionOf(api),
    policies: api.policies as Record<string, unknown>,
    signingSecrets: readSigningSecrets(api.signingSecrets).map(({ id, last4, createdAt }) => ({
      id,
      last4,
      createdAt,
    })),
    routes: api.routes.map((r) => ({
      id: r.id,
      method: httpMethodSchema.parse(r.method),
      pathTemplate: r.pathTemplate,
      name: r.name,
      policies: r.policies as Record<string, unknown>,
    })),
    upstreamTargets: api.upstreamTargets.map((t) => ({
      id: t.id,
      url: t.url,
      weight: t.weight,
      createdAt: t.createdAt.toISOString(),
    })),
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an API: its settings, never its secrets, routes or targets (audited on their own). */
export function apiSummary(api: ApiRow): Prisma.InputJsonObject {
  const {
    id: _id,
    signingSecrets: _secrets,
    routes: _routes,
    upstreamTargets: _targets,
    ...summary
  } = apiOutput(api);
  return summary as Prisma.InputJsonObject;
}
