import type { ConfigSnapshot } from '@tollgate/contracts';
import type { CompiledApi } from '../config/compiled-snapshot.js';

/**
 * The receive/resolve settings of one snapshot, worked out once at load: API versions by
 * base path, body limits by route, the tenant's verified custom domains.
 */
export interface CompiledEdge {
  /** Only base paths shared by versions; a plain API has no entry. */
  versionGroups: Map<string, VersionGroup>;
  /** Route id → body limit (route policy, else API policy); absent: the gateway default. */
  bodyLimits: Map<string, number>;
  customDomains: readonly string[];
}

export interface VersionGroup {
  /** Version name in the segment after the base path → API. */
  byPath: Map<string, CompiledApi>;
  /** `Api-Version` header value → API. */
  byHeader: Map<string, CompiledApi>;
  /** Serves requests naming no version: the API marked default, else an unversioned one. */
  fallback: CompiledApi | null;
}

/** `apis` are the compiled APIs, in the snapshot's order (`snapshot.apis[i]` ↔ `apis[i]`). */
export function compileEdge(snapshot: ConfigSnapshot, apis: readonly CompiledApi[]): CompiledEdge {
  const byBasePath = new Map<string, number[]>();
  const bodyLimits = new Map<string, number>();
  snapshot.apis.forEach((api, index) => {
    const list = byBasePath.get(api.basePath) ?? [];
    list.push(index);
    byBasePath.set(api.basePath, list);
    for (const route of api.routes) {
      const limit = route.policies.maxBodyBytes ?? api.policies.maxBodyBytes;
      if (limit !== undefined) bodyLimits.set(route.id, limit);
    }
  });

  const versionGroups = new Map<string, VersionGroup>();
  for (const [basePath, indexes] of byBasePath) {
    if (!indexes.some((index) => snapshot.apis[index]!.policies.version !== undefined)) continue;
    const group: VersionGroup = { byPath: new Map(), byHeader: new Map(), fallback: null };
    let unversioned: CompiledApi | null = null;
    for (const index of indexes) {
      const compiled = apis[index]!;
      const version = snapshot.apis[index]!.policies.version;
      if (version === undefined) {
        unversioned ??= compiled;
        continue;
      }
      const byName = version.by === 'path' ? group.byPath : group.byHeader;
      // Two APIs claiming one version: the first listed keeps it (the control plane refuses this).
      if (!byName.has(version.name)) byName.set(version.name, compiled);
      if (version.default) group.fallback ??= compiled;
    }
    group.fallback ??= unversioned;
    versionGroups.set(basePath, group);
  }

  return { versionGroups, bodyLimits, customDomains: snapshot.policies.customDomains };
}
