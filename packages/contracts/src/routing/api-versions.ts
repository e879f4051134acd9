import type { ApiVersion } from '../snapshot/edge.js';

/** The APIs sharing one base path as versions (see `apiVersionSchema`). */
export interface VersionGroup<A> {
  /** Version name in the segment after the base path → API. */
  byPath: Map<string, A>;
  /** `Api-Version` header value → API. */
  byHeader: Map<string, A>;
  /** Serves requests naming no version: the API marked default, else an unversioned one. */
  fallback: A | null;
}

/**
 * Version groups by base path; only base paths where some API has a version get one.
 * `apis` pairs each compiled API with its base path and version policy.
 */
export function buildVersionGroups<A>(
  apis: readonly { api: A; basePath: string; version: ApiVersion | undefined }[],
): Map<string, VersionGroup<A>> {
  const byBasePath = new Map<string, (typeof apis)[number][]>();
  for (const entry of apis) {
    const list = byBasePath.get(entry.basePath) ?? [];
    list.push(entry);
    byBasePath.set(entry.basePath, list);
  }
  const groups = new Map<string, VersionGroup<A>>();
  for (const [basePath, entries] of byBasePath) {
    if (!entries.some((entry) => entry.version !== undefined)) continue;
    const group: VersionGroup<A> = { byPath: new Map(), byHeader: new Map(), fallback: null };
    let unversioned: A | null = null;
    for (const { api, version } of entries) {
      if (version === undefined) {
        unversioned ??= api;
        continue;
      }
      const byName = version.by === 'path' ? group.byPath : group.byHeader;
      // Two APIs claiming one version: the first listed keeps it (the control plane refuses this).
      if (!byName.has(version.name)) byName.set(version.name, api);
      if (version.default) group.fallback ??= api;
    }
    group.fallback ??= unversioned;
    groups.set(basePath, group);
  }
  return groups;
}

/**
 * A version named in the path (the segment after the base path, not forwarded) wins; else
 * the `Api-Version` header, when the base path has header versions (an unknown one is
 * refused, not defaulted); else the default version. null: `version_not_found`.
 */
export function chooseVersion<A>(
  group: VersionGroup<A>,
  apiPath: string,
  header: string | null,
): { api: A; apiPath: string } | null {
  if (group.byPath.size > 0 && apiPath.length > 1) {
    const end = apiPath.indexOf('/', 1);
    const segment = end === -1 ? apiPath.slice(1) : apiPath.slice(1, end);
    const api = group.byPath.get(segment);
    if (api !== undefined) return { api, apiPath: end === -1 ? '/' : apiPath.slice(end) };
  }
  if (header !== null && group.byHeader.size > 0) {
    const api = group.byHeader.get(header);
    return api === undefined ? null : { api, apiPath };
  }
  return group.fallback === null ? null : { api: group.fallback, apiPath };
}
