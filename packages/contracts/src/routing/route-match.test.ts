import { describe, expect, it } from 'vitest';
import { buildVersionGroups, chooseVersion } from './api-versions.js';
import {
  compareRoutes,
  compileRoutePattern,
  indexApisByFirstSegment,
  matchApi,
  matchRoute,
} from './route-match.js';

const routes = [
  compileRoutePattern({ id: 'any', method: 'ANY', pathTemplate: '/*' }),
  compileRoutePattern({ id: 'user', method: 'GET', pathTemplate: '/users/{id}' }),
  compileRoutePattern({ id: 'me', method: 'GET', pathTemplate: '/users/me' }),
  compileRoutePattern({ id: 'files', method: 'POST', pathTemplate: '/files/*' }),
].sort(compareRoutes);

describe('route matching', () => {
  it('route-match.specific-first: literal before param before catch-all; HEAD matches GET', () => {
    expect(matchRoute(routes, 'GET', '/users/me')?.id).toBe('me');
    expect(matchRoute(routes, 'HEAD', '/users/42')?.id).toBe('user');
    expect(matchRoute(routes, 'POST', '/files/a/b')?.id).toBe('files');
    expect(matchRoute(routes, 'DELETE', '/users/42')?.id).toBe('any');
    expect(matchRoute(routes.slice(0, -1), 'GET', '/users/')).toBeNull();
  });

  it('route-match.api: the longest base path wins; a sibling prefix does not match', () => {
    const apis = ['/a', '/a/b', '/ab'].map((basePath) => ({ basePath, basePathSlash: `${basePath}/` }));
    const index = indexApisByFirstSegment(apis);
    expect(matchApi(index, '/a/b/c')?.basePath).toBe('/a/b');
    expect(matchApi(index, '/a/c')?.basePath).toBe('/a');
    expect(matchApi(index, '/abc')).toBeNull();
  });

  it('route-match.versions: path segment, then header, then the default', () => {
    const groups = buildVersionGroups([
      { api: 'v1', basePath: '/w', version: { name: 'v1', by: 'path', default: true } },
      { api: 'v2', basePath: '/w', version: { name: 'v2', by: 'path', default: false } },
      { api: 'plain', basePath: '/p', version: undefined },
    ]);
    const group = groups.get('/w')!;
    expect(groups.has('/p')).toBe(false);
    expect(chooseVersion(group, '/v2/today', null)).toEqual({ api: 'v2', apiPath: '/today' });
    expect(chooseVersion(group, '/today', null)).toEqual({ api: 'v1', apiPath: '/today' });
  });
});
