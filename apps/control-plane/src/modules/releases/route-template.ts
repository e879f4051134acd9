const paramSegment = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const literalSegment = /^[A-Za-z0-9._~!$&'()+,;=:@%-]+$/;

/**
 * Why a route template cannot be matched by the gateway, or null when it can: `/` then
 * non-empty segments, each a literal or a `{name}` parameter (names unique), and `*` only
 * as the last segment. `.` and `..` are refused: the gateway normalises request paths
 * before matching, so no request ever reaches such a segment.
 */
export function routeTemplateProblem(template: string): string | null {
  if (!template.startsWith('/')) return 'must start with /';
  if (template === '/') return null;
  const segments = template.slice(1).split('/');
  const params = new Set<string>();
  for (const [index, segment] of segments.entries()) {
    if (segment === '') return 'has an empty segment';
    if (segment === '*') {
      if (index !== segments.length - 1) return '* may only be the last segment';
      continue;
    }
    if (segment === '.' || segment === '..') return `segment ${segment} never matches a normalised path`;
    if (segment.includes('{') || segment.includes('}')) {
      if (!paramSegment.test(segment)) return `segment ${segment} is not a {name} parameter`;
      if (params.has(segment)) return `parameter ${segment} appears twice`;
      params.add(segment);
      continue;
    }
    if (!literalSegment.test(segment)) return `segment ${segment} has characters a path cannot carry`;
  }
  return null;
}
