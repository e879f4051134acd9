import { pathRewriteSchema } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { compileRewrite } from './compile-transform.js';
import { rewritePath } from './rewrite-path.js';

function rewriter(from: string, to: string) {
  const compiled = compileRewrite(pathRewriteSchema.parse({ from, to }))!;
  return (path: string) => rewritePath(compiled, path);
}

describe('rewritePath', () => {
  it('rewrite.ok: parameters move into the target template', () => {
    const rewrite = rewriter('/users/{id}', '/v1/people/{id}');
    expect(rewrite('/users/42')).toBe('/v1/people/42');
    expect(rewrite('/users/%2e%2e')).toBe('/v1/people/%2e%2e');
    const swap = rewriter('/orgs/{org}/users/{user}', '/u/{user}/o/{org}');
    expect(swap('/orgs/acme/users/7')).toBe('/u/7/o/acme');
  });

  it('rewrite.ok: a prefix replacement keeps whatever followed, trailing slash included', () => {
    const rewrite = rewriter('/legacy/*', '/v2/*');
    expect(rewrite('/legacy/a/b')).toBe('/v2/a/b');
    expect(rewrite('/legacy')).toBe('/v2');
    expect(rewrite('/legacy/')).toBe('/v2/');
    const toRoot = rewriter('/legacy/*', '/*');
    expect(toRoot('/legacy/x')).toBe('/x');
    expect(toRoot('/legacy')).toBe('/');
  });

  it('rewrite.unmatched: a path that does not match from is forwarded unchanged', () => {
    const rewrite = rewriter('/users/{id}', '/v1/people/{id}');
    expect(rewrite('/users')).toBe('/users');
    expect(rewrite('/users/42/extra')).toBe('/users/42/extra');
    expect(rewrite('/users/')).toBe('/users/');
    expect(rewrite('/teams/42')).toBe('/teams/42');
  });
});
