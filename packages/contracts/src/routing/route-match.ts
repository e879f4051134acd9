import type { HttpMethod } from '../config-snapshot.js';

/**
 * Route matching, shared by the gateway (the hot path) and the control plane's release dry
 * run, so a replay routes recorded requests exactly as a gateway would.
 */

/** A route template worked out once: what {@link matchRoute} compares. */
export interface RoutePattern {
  id: string;
  method: HttpMethod;
  template: string;
  /** Template segments below the base path; null is a `{param}` (any non-empty segment). */
  segments: (string | null)[];
  /** `…/*`: `segments` is a prefix and anything (or nothing) may follow. */
  catchAll: boolean;
}

export function compileRoutePattern(route: {
  id: string;
  method: HttpMethod;
  pathTemplate: string;
}): RoutePattern {
  const parts = route.pathTemplate.split('/').slice(1);
  const catchAll = parts[parts.length - 1] === '*';
  if (catchAll) parts.pop();
  const segments = parts.map((part) => (part.startsWith('{') && part.endsWith('}') ? null : part));
  return { id: route.id, method: route.method, template: route.pathTemplate, segments, catchAll };
}

function literalCount(route: RoutePattern): number {
  let count = 0;
  for (const segment of route.segments) if (segment !== null) count++;
  return count;
}

/** Exact before catch-all, more literal segments first, longer first, a named method before ANY. */
export function compareRoutes(a: RoutePattern, b: RoutePattern): number {
  if (a.catchAll !== b.catchAll) return a.catchAll ? 1 : -1;
  const literals = literalCount(b) - literalCount(a);
  if (literals !== 0) return literals;
  const length = b.segments.length - a.segments.length;
  if (length !== 0) return length;
  if (a.method !== b.method) return a.method === 'ANY' ? 1 : b.method === 'ANY' ? -1 : 0;
  return 0;
}

/** `routes` are sorted most specific first ({@link compareRoutes}), so the first match wins. */
export function matchRoute<R extends RoutePattern>(
  routes: readonly R[],
  method: string,
  apiPath: string,
): R | null {
  let parts: string[] | null = null;
  for (const route of routes) {
    if (!methodMatches(route.method, method)) continue;
    const segments = route.segments;
    if (route.catchAll && segments.length === 0) return route;
    parts ??= apiPath.split('/');
    // parts[0] is the empty string before the leading slash.
    const count = parts.length - 1;
    if (route.catchAll ? count < segments.length : count !== segments.length) continue;
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const expected = segments[i];
      const actual = parts[i + 1]!;
      if (expected === null ? actual.length === 0 : expected !== actual) {
        ok = false;
        break;
      }
    }
    if (ok) return route;
  }
  return null;
}

function methodMatches(routeMethod: string, method: string): boolean {
  return routeMethod === 'ANY' || routeMethod === method || (method === 'HEAD' && routeMethod === 'GET');
}

export function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return end === -1 ? path.slice(1) : path.slice(1, end);
}

/** What {@link matchApi} needs of an API. */
export interface BasePathed {
  basePath: string;
  /** `basePath + '/'`, precomputed for prefix tests. */
  basePathSlash: string;
}

/** APIs by the first segment of their base path, longest base path first. */
export function indexApisByFirstSegment<A extends BasePathed>(apis: Iterable<A>): Map<string, A[]> {
  const index = new Map<string, A[]>();
  for (const api of apis) {
    const segment = firstSegment(api.basePath);
    const list = index.get(segment) ?? [];
    list.push(api);
    index.set(segment, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.basePath.length - a.basePath.length);
  return index;
}

/** The API serving a tenant path: the longest base path that is the path or a prefix of it. */
export function matchApi<A extends BasePathed>(
  index: ReadonlyMap<string, readonly A[]>,
  path: string,
): A | null {
  const candidates = index.get(firstSegment(path));
  if (candidates === undefined) return null;
  for (const api of candidates) {
    if (path === api.basePath || path.startsWith(api.basePathSlash)) return api;
  }
  return null;
}
