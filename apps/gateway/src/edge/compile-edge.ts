import {
  buildVersionGroups,
  type ConfigSnapshot,
  type VersionGroup as SharedVersionGroup,
} from '@tollgate/contracts';
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

/** The versions sharing a base path (`chooseVersion` of @tollgate/contracts picks one). */
export type VersionGroup = SharedVersionGroup<CompiledApi>;

/** `apis` are the compiled APIs, in the snapshot's order (`snapshot.apis[i]` ↔ `apis[i]`). */
export function compileEdge(snapshot: ConfigSnapshot, apis: readonly CompiledApi[]): CompiledEdge {
  const bodyLimits = new Map<string, number>();
  for (const api of snapshot.apis) {
    for (const route of api.routes) {
      const limit = route.policies.maxBodyBytes ?? api.policies.maxBodyBytes;
      if (limit !== undefined) bodyLimits.set(route.id, limit);
    }
  }
  const versionGroups = buildVersionGroups(
    snapshot.apis.map((api, index) => ({
      api: apis[index]!,
      basePath: api.basePath,
      version: api.policies.version,
    })),
  );

  return { versionGroups, bodyLimits, customDomains: snapshot.policies.customDomains };
}
