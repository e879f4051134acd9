/**
 * How the config document names things without ids: an API by its base path (plus `@<version>`
 * for one version of a versioned base path), a route by method and template, a target by URL,
 * a plan by name. The same pairs the database keeps unique.
 */

export function apiKeyOf(api: { basePath: string; version?: { name: string } | null | undefined }): string {
  return api.version ? `${api.basePath}@${api.version.name}` : api.basePath;
}

export function routeKeyOf(route: { method: string; pathTemplate: string }): string {
  return `${route.method} ${route.pathTemplate}`;
}
